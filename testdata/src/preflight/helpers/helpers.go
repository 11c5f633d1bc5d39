// Package helpers has CORS helpers, handlers and middleware used by
// package crosspkg: what they do reaches it as facts.
package helpers

import "net/http"

// AllowOrigin sets the origin on every path.
func AllowOrigin(w http.ResponseWriter) { // want AllowOrigin:`cors\(origin-on-param-0\(always=true\) sets-origin origins=https://app.example.com\)`
	w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
}

// AllowKnownOrigin echoes the request's origin when it is allowed: on
// some path only, but setting headers is all it does with the writer.
func AllowKnownOrigin(w http.ResponseWriter, r *http.Request) { // want AllowKnownOrigin:`cors\(origin-on-param-0\(always=false\) sets-origin dynamic\)`
	if origin := r.Header.Get("Origin"); origin == "https://app.example.com" {
		w.Header().Set("Access-Control-Allow-Origin", origin)
	}
}

// EnableCORS takes a pointer to the writer, as some tutorials do.
func EnableCORS(w *http.ResponseWriter) { // want EnableCORS:`cors\(origin-on-param-0\(always=true\) sets-origin origins=\*\)`
	(*w).Header().Set("Access-Control-Allow-Origin", "*")
}

// SetHeaders works on the header map.
func SetHeaders(h http.Header) { // want SetHeaders:`cors\(origin-on-param-0\(always=true\) sets-origin origins=\*\)`
	h.Set("Access-Control-Allow-Origin", "*")
}

// WriteJSON sets the origin on some path only and writes the body: not
// a CORS helper, so its callers are not CORS handlers by calling it.
func WriteJSON(w http.ResponseWriter, public bool, body string) { // want WriteJSON:`cors\(sets-origin origins=\*\)`
	if public {
		w.Header().Set("Access-Control-Allow-Origin", "*")
	}
	w.Write([]byte(body))
}

// CreateWidget is a CORS handler declared here and registered there.
func CreateWidget(w http.ResponseWriter, r *http.Request) { // want CreateWidget:`cors\(origin-on-param-0\(always=true\) sets-origin origins=https://app.example.com\)`
	AllowOrigin(w)
	w.WriteHeader(http.StatusCreated)
}

// Preflight is middleware that answers OPTIONS.
func Preflight(next http.Handler) http.Handler { // want Preflight:`cors\(sets-origin preflight origins=\*\)`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// AddOrigin is CORS middleware that does not answer OPTIONS: the routes
// behind it are CORS routes, and the mux still refuses their preflights.
func AddOrigin(next http.Handler) http.Handler { // want AddOrigin:`cors\(sets-origin origins=https://app.example.com\)`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
		next.ServeHTTP(w, r)
	})
}

// WriteThrough takes a pointer to the writer, sets the origin on some
// path and writes through it: not a CORS helper either.
func WriteThrough(w *http.ResponseWriter, public bool) { // want WriteThrough:`cors\(sets-origin origins=\*\)`
	if public {
		(*w).Header().Set("Access-Control-Allow-Origin", "*")
	}
	(*w).Write([]byte("{}"))
}
