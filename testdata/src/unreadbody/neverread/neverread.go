// Package neverread exercises body-never-read, which is off by default.
package neverread

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type Order struct {
	ID string `json:"id"`
}

func Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders/{id}/cancel", cancelOrder)
	mux.HandleFunc("POST /orders", createOrder)
	mux.HandleFunc("PUT /orders/{id}/notes", replaceNotes)
	mux.HandleFunc("POST /orders/{id}/archive", archiveOrder)
	mux.HandleFunc("GET /orders/{id}/archive", archiveOrder)
	mux.HandleFunc("POST /orders/{id}/export", exportOrder)
	mux.HandleFunc("PATCH /orders/{id}", patchOrder)
	mux.Handle("POST /orders/{id}/refund", withOrderBody(http.HandlerFunc(refundOrder)))
	mux.HandleFunc("POST /ping", func(w http.ResponseWriter, r *http.Request) { // want `handler func literal is routed only for POST but never reads`
		w.WriteHeader(http.StatusNoContent)
	})

	r := chi.NewRouter()
	r.Post("/logout", logout)
	r.Post("/items/{id}/star", starItem)
	r.Put("/upload", upload)
	r.Post("/sized", sized)
	r.Mount("/api", mux)
	return r
}

// --- positives ---

func cancelOrder(w http.ResponseWriter, r *http.Request) { // want `handler cancelOrder is routed only for POST but never reads the request body or form, so what clients send is ignored; decode and validate the body, or route the handler for a method without one`
	id := r.PathValue("id")
	log.Printf("cancel %s from %s", id, r.RemoteAddr)
	w.WriteHeader(http.StatusNoContent)
}

func replaceNotes(w http.ResponseWriter, r *http.Request) { // want `handler replaceNotes is routed only for PUT but never reads`
	fmt.Fprintf(w, "notes of %s replaced", r.PathValue("id"))
}

func logout(w http.ResponseWriter, r *http.Request) { // want `handler logout is routed only for POST`
	if c, err := r.Cookie("session"); err == nil {
		log.Printf("logout %s", c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: "session", MaxAge: -1})
	w.WriteHeader(http.StatusNoContent)
}

// chi.URLParam's fact says it does not touch the payload.
func starItem(w http.ResponseWriter, r *http.Request) { // want `handler starItem is routed only for POST`
	id := chi.URLParam(r, "id")
	log.Printf("star %s", id)
}

// --- negatives ---

func createOrder(w http.ResponseWriter, r *http.Request) {
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, "invalid order", http.StatusBadRequest)
		return
	}
	json.NewEncoder(w).Encode(o)
}

// Also routed for GET.
func archiveOrder(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, "archived", r.PathValue("id"))
}

var exporter http.Handler = http.NotFoundHandler()

// Hands the request on to unknown code.
func exportOrder(w http.ResponseWriter, r *http.Request) {
	exporter.ServeHTTP(w, r)
}

func patchOrder(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "invalid form", http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, r.PostForm.Get("status"))
}

// A middleware of its own reads the body for it.
func refundOrder(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusAccepted)
}

func withOrderBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var o Order
		if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
			http.Error(w, "invalid order", http.StatusBadRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func upload(w http.ResponseWriter, r *http.Request) {
	n, _ := io.Copy(io.Discard, r.Body)
	fmt.Fprintln(w, n)
}

// Looks at the body's size.
func sized(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > 0 {
		http.Error(w, "no body expected", http.StatusBadRequest)
	}
}
