// Package limits holds handlers that cap their request body with
// http.MaxBytesReader(w, r.Body, n) before reading it.
package limits

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
)

const maxBody = 16

type greeting struct {
	Name string `json:"name"`
}

func hello(w http.ResponseWriter, r *http.Request) { // want `handler hello writes its response through http.ResponseWriter, so the response exists only as side effects`
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	var g greeting
	if err := json.NewDecoder(r.Body).Decode(&g); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"greeting": "Hello, " + g.Name})
}

func echo(w http.ResponseWriter, r *http.Request) { // want `handler echo writes its response through http.ResponseWriter, so the response exists only as side effects`
	w.Header().Set("X-Limit", "16")
	body := http.MaxBytesReader(w, r.Body, maxBody)
	b, err := io.ReadAll(body)
	if err != nil {
		http.Error(w, "too large", http.StatusRequestEntityTooLarge)
		return
	}
	w.Write(b)
}

func form(w http.ResponseWriter, r *http.Request) { // want `handler form writes its response through http.ResponseWriter, so the response exists only as side effects`
	r.Body = http.MaxBytesReader(w, r.Body, 7)
	if err := r.ParseForm(); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	io.WriteString(w, "user="+r.PostFormValue("user"))
}

type userKey struct{}

// withUser passes a copy of the request on after limiting its body: the
// limit was taken on the request route.Func serves.
func withUser(w http.ResponseWriter, r *http.Request) { // want `handler withUser writes its response through http.ResponseWriter, so the response exists only as side effects`
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	r = r.WithContext(context.WithValue(r.Context(), userKey{}, "ada"))
	b, err := io.ReadAll(r.Body)
	if err != nil {
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		return
	}
	w.Write(append(b, r.Context().Value(userKey{}).(string)...))
}

// Mux registers the handlers; echo is also called directly, so it keeps
// its signature as an adapter.
func Mux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/limits/hello", hello)
	mux.HandleFunc("/limits/echo", echo)
	mux.HandleFunc("/limits/form", form)
	mux.HandleFunc("/limits/user", withUser)
	mux.Handle("/limits/echo2", Echo())
	return mux
}

// Echo returns the echo handler.
func Echo() http.HandlerFunc { return echo }
