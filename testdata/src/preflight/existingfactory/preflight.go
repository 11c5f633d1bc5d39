package existingfactory

import "net/http"

// corsPreflight returns a handler that answers a browser's CORS preflight
// (OPTIONS) request for a route that accepts methods, from one of origins
// ("*" allows every origin). Added by routevet's preflight fix.
func corsPreflight(methods string, origins ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Add("Vary", "Origin")
		for _, origin := range origins {
			if origin == "*" || origin == r.Header.Get("Origin") {
				h.Set("Access-Control-Allow-Origin", origin)
				h.Set("Access-Control-Allow-Methods", methods)
				h.Set("Access-Control-Allow-Headers", "Content-Type")
				h.Set("Access-Control-Max-Age", "600")
				break
			}
		}
		w.WriteHeader(http.StatusNoContent)
	}
}
