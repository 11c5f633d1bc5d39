// Package methodcheck has handlers on method-less patterns that check
// the method themselves, in the style of API routes before Go 1.22, and
// reject a browser's preflight with it.
package methodcheck

import (
	"encoding/json"
	"net/http"
)

type Subscriber struct {
	Email string `json:"email"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// setCORS allows the web app's origin, when the request comes from it.
func setCORS(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Origin") == "https://app.example.com" {
		w.Header().Set("Access-Control-Allow-Origin", "https://app.example.com")
	}
}

func subscribe(w http.ResponseWriter, r *http.Request) {
	setCORS(w, r)
	if r.Method != http.MethodPost { // want `CORS handler subscribe answers a browser's preflight for "/api/subscribe" with 405: its method check rejects OPTIONS, so the cross-origin POST is never sent; answer OPTIONS before the check$`
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var s Subscriber
	if err := json.NewDecoder(r.Body).Decode(&s); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	writeJSON(w, http.StatusCreated, s)
}

func subscription(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	switch r.Method { // want `CORS handler subscription answers a browser's preflight for "/api/subscriptions/{id}" with 405: its switch on the method has no OPTIONS case, so the cross-origin GET or PUT or DELETE is never sent; add an OPTIONS case$`
	case http.MethodGet:
		writeJSON(w, http.StatusOK, Subscriber{})
	case http.MethodPut:
		writeJSON(w, http.StatusOK, Subscriber{})
	case http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	default:
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "method not allowed"})
	}
}

func unsubscribe(rw http.ResponseWriter, req *http.Request) {
	rw.Header().Set("Access-Control-Allow-Origin", "*")
	switch { // want `CORS handler unsubscribe answers a browser's preflight for "/api/unsubscribe" with 501: its switch on the method has no OPTIONS case, so the cross-origin DELETE is never sent`
	case req.Method == http.MethodDelete:
		rw.WriteHeader(http.StatusNoContent)
	default:
		rw.WriteHeader(http.StatusNotImplemented)
	}
}

func feedback(w http.ResponseWriter, r *http.Request) {
	if r.Method == "POST" { // want `CORS handler feedback answers a browser's preflight for "/api/feedback" with 400: its method check rejects OPTIONS, so the cross-origin POST is never sent`
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.WriteHeader(http.StatusAccepted)
	} else {
		http.Error(w, "POST only", http.StatusBadRequest)
	}
}

func routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/subscribe", subscribe)
	mux.HandleFunc("/api/subscriptions/{id}", subscription)
	mux.HandleFunc("/api/unsubscribe", unsubscribe)
	mux.HandleFunc("/api/feedback", feedback)
	return mux
}

func main() {
	http.ListenAndServe(":8080", routes())
}
