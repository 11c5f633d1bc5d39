// Package fix holds handlers that forget to return after an error reply,
// with and without a safe automatic fix.
package fix

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"strconv"

	"mutablewriter/helpers"
)

type Item struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
}

type Store struct{ items map[int]Item }

func (s *Store) Save(it Item) { s.items[it.ID] = it }

// Fixed: only local values and the response follow the reply.
func getItem(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, "invalid item id", http.StatusBadRequest) // want `^http.Error replies, but every path after it uses the writer again \(w.Header\(\).Set\("Content-Type"\) at line 30: the header is dropped\); return after the reply$`
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(Item{ID: id, Title: fmt.Sprintf("item %d", id)})
}

// Fixed: a trailing comment stays on the reply's line.
func requireLogin(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie("session"); err != nil {
		log.Printf("no session for %s", r.URL.Path)
		http.Redirect(w, r, "/login", http.StatusFound) // not signed in // want `^http.Redirect replies, but every path after it uses the writer again \(fmt.Fprintf at line 40: the output is appended to the reply\); return after the reply$`
	}
	fmt.Fprintf(w, "hello, %s", r.URL.Query().Get("name"))
}

// Fixed: helpers from another package, known through facts.
func itemJSON(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		helpers.WriteError(w, err, http.StatusBadRequest) // want `^helpers.WriteError replies, but every path after it uses the writer again \(helpers.WriteJSON at line 49: the status is ignored and net/http logs "http: superfluous response.WriteHeader call"\); return after the reply$`
	}
	helpers.WriteJSON(w, http.StatusOK, Item{ID: id})
}

// Fixed: a local closure that replies.
func closureReply(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, msg string) {
		http.Error(w, msg, status)
	}
	title := r.FormValue("title")
	if title == "" {
		fail(http.StatusUnprocessableEntity, "title is required") // want `^fail replies, but every path after it uses the writer again \(w.WriteHeader at line 61`
	}
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, "created %q", title)
}

// Fixed: the reply is nested in a switch; the code after the switch only
// writes.
func nested(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	default:
		if r.Header.Get("X-Override") == "" {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed) // want `^http.Error replies`
		}
	}
	w.Header().Set("Allow", "GET, HEAD")
	for _, line := range []string{"a", "b"} {
		fmt.Fprintln(w, line)
	}
}

// Not fixed: the return would skip saving.
func (s *Store) create(w http.ResponseWriter, r *http.Request) {
	var it Item
	if err := json.NewDecoder(r.Body).Decode(&it); err != nil {
		http.Error(w, "invalid JSON", http.StatusBadRequest) // want `^http.Error replies, .*; return after the reply \(no automatic fix: a return would also skip s.Save at line 87\)$`
	}
	s.Save(it)
	w.WriteHeader(http.StatusCreated)
}

// Not fixed: inside a loop, continue may have been meant.
func bulk(w http.ResponseWriter, r *http.Request) {
	for _, raw := range r.URL.Query()["id"] {
		if _, err := strconv.Atoi(raw); err != nil {
			http.Error(w, "invalid id "+raw, http.StatusBadRequest) // want `\(no automatic fix: the reply is inside a loop, where a return would also end the remaining iterations\)$`
		}
		fmt.Fprintln(w, raw)
	}
}

// Not fixed: the reply is not the last statement of its block.
func notLast(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength == 0 {
		http.Error(w, "empty body", http.StatusBadRequest) // want `\(no automatic fix: the reply is not the last statement of an if block without else\)$`
		log.Print("empty body")
	}
	fmt.Fprint(w, "ok")
}

// Not fixed: the function returns a value.
func handleWithError(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed) // want `\(no automatic fix: the function returns values\)$`
	}
	_, err := fmt.Fprint(w, "posted")
	return err
}

// Not fixed: both branches reply; the if has an else.
func bothBranches(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("old") {
		http.Redirect(w, r, "/new", http.StatusMovedPermanently) // want `\(no automatic fix: the reply is not the last statement of an if block without else\)$`
	} else {
		http.NotFound(w, r) // want `^http.NotFound replies, but every path after it uses the writer again \(fmt.Fprint at line 126`
	}
	fmt.Fprint(w, "gone")
}

// Not fixed: the reply is not in an if statement.
func unconditional(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "gone", http.StatusGone) // want `\(no automatic fix: the reply is not the last statement of an if block without else\)$`
	w.Header().Set("X-Gone", "1")
}

// Fixed: an error status without a return, then a whole response.
func errorStatus(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		w.WriteHeader(http.StatusBadRequest) // want `^w.WriteHeader with an error status, but every path after it uses the writer again \(helpers.WriteJSON at line 141: the status is ignored and net/http logs "http: superfluous response.WriteHeader call"\); return after the reply$`
	}
	helpers.WriteJSON(w, http.StatusOK, Item{ID: id})
}

// Fixed: a helper of another package given a constant error status,
// through its conditional summary.
func helperErrorStatus(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		log.Printf("bad id: %v", err)
		helpers.WriteJSON(w, http.StatusNotFound, map[string]string{"error": "no such item"}) // want `^helpers.WriteJSON replies, but every path after it uses the writer again \(helpers.WriteJSON at line 153`
	}
	log.Printf("item %d", id)
	helpers.WriteJSON(w, http.StatusOK, Item{ID: id})
}
