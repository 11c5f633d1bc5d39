package methodcheck

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/rs/cors"
)

// answersFirst answers OPTIONS before its method check.
func answersFirst(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Method == http.MethodOptions {
		w.Header().Set("Access-Control-Allow-Methods", "POST")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// optionsCase has an OPTIONS case in its switch.
func optionsCase(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	switch r.Method {
	case http.MethodOptions:
		w.WriteHeader(http.StatusNoContent)
	case http.MethodPut:
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// handlePreflight answers a preflight and says so.
func handlePreflight(w http.ResponseWriter, r *http.Request) bool {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Method != "OPTIONS" {
		return false
	}
	w.WriteHeader(http.StatusNoContent)
	return true
}

// viaHelper lets a helper answer the preflight first.
func viaHelper(w http.ResponseWriter, r *http.Request) {
	if handlePreflight(w, r) {
		return
	}
	if r.Method != http.MethodPut {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// notCORS rejects other methods but allows no other origin.
func notCORS(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

// getOnly is a CORS GET: browsers do not preflight it.
func getOnly(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	json.NewEncoder(w).Encode([]string{})
}

// earlyReturn may end the request before its method check.
func earlyReturn(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Header.Get("Origin") == "" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
}

// unknownCondition's check depends on more than the method.
func unknownCondition(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Method != http.MethodPost && r.URL.Query().Get("dry") == "" {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
}

// logsOnly rejects nothing: its check only logs.
func logsOnly(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Method != http.MethodPost {
		log.Printf("unexpected method %s", r.Method)
	}
	w.WriteHeader(http.StatusNoContent)
}

func negatives() {
	mux := http.NewServeMux()
	mux.HandleFunc("/neg/answers-first", answersFirst)
	mux.HandleFunc("/neg/options-case", optionsCase)
	mux.HandleFunc("/neg/via-helper", viaHelper)
	mux.HandleFunc("/neg/not-cors", notCORS)
	mux.HandleFunc("/neg/get-only", getOnly)
	mux.HandleFunc("/neg/early-return", earlyReturn)
	mux.HandleFunc("/neg/unknown-condition", unknownCondition)
	mux.HandleFunc("/neg/logs-only", logsOnly)
	// CORS middleware around the handler answers the preflight before
	// the handler's check runs.
	mux.Handle("/neg/wrapped", cors.Default().Handler(http.HandlerFunc(subscribe)))
	http.ListenAndServe(":8080", mux)
}
