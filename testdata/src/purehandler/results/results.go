// Package results is the shape of a module whose handlers call helpers
// with results that write a whole response only when they fail (search
// filters, a user's connection, an authorization check), and test the
// helper's error to return at once; and of the look-alikes that must stay
// as they are.
package results

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

var (
	errForbidden = errors.New("forbidden")
	errBusy      = errors.New("busy")
)

type apiError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

type user struct {
	Name  string `json:"name"`
	Admin bool   `json:"admin"`
}

type server struct {
	users map[string]user
	busy  bool
}

// sendError writes an API error as JSON.
func sendError(w http.ResponseWriter, r *http.Request, err error, message string, code int) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(apiError{Error: err.Error(), Message: message})
}

// writeJSON writes a value of any type: its encoding may fail.
func writeJSON(w http.ResponseWriter, r *http.Request, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// searchFilters reads the paging parameters, answering 400 itself when
// one is invalid.
func searchFilters(w http.ResponseWriter, r *http.Request) (int, int, string, error) {
	var err error
	limit := 100
	offset := 0
	order := "ASC"
	if r.URL.Query().Has("limit") {
		limit, err = strconv.Atoi(r.URL.Query().Get("limit"))
		if err != nil {
			err = errors.New("invalid limit")
			sendError(w, r, err, "", http.StatusBadRequest)
			return limit, offset, order, err
		}
		if limit > 500 {
			limit = 500
		}
	}
	if r.URL.Query().Has("offset") {
		offset, err = strconv.Atoi(r.URL.Query().Get("offset"))
		if err != nil {
			sendError(w, r, err, "invalid offset", http.StatusBadRequest)
			return limit, offset, order, err
		}
	}
	if o := r.URL.Query().Get("order"); o != "" {
		order = strings.ToUpper(o)
		if order != "ASC" && order != "DESC" {
			err = fmt.Errorf("invalid order %q", o)
			http.Error(w, err.Error(), http.StatusBadRequest)
			return limit, offset, order, err
		}
	}
	return limit, offset, order, err
}

// authorize answers 401 with a challenge, or redirects browsers to the
// login page, and returns a sentinel error when it did; a busy server
// only sets Retry-After and fails without a body.
func (s *server) authorize(w http.ResponseWriter, r *http.Request) error {
	if s.busy && r.URL.Query().Has("busy") {
		w.Header().Set("Retry-After", "5")
		return errBusy
	}
	if r.URL.Query().Get("token") == "" {
		if strings.Contains(r.URL.Query().Get("accept"), "html") {
			http.Redirect(w, r, "/login", http.StatusFound)
			return errForbidden
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="results"`)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return errForbidden
	}
	return nil
}

// currentUser authorizes the request, through another helper with
// results, then finds its user.
func (s *server) currentUser(w http.ResponseWriter, r *http.Request) (*user, error) {
	if err := s.authorize(w, r); err != nil {
		return nil, fmt.Errorf("authorizing: %w", err)
	}
	name := r.URL.Query().Get("user")
	u, ok := s.users[name]
	if !ok {
		err := fmt.Errorf("no user %q", name)
		sendError(w, r, err, "unknown user", http.StatusNotFound)
		return nil, err
	}
	return &u, nil
}

// details writes a value whose JSON encoding can fail, when asked to.
func details(w http.ResponseWriter, r *http.Request, v any) (bool, error) {
	if !r.URL.Query().Has("details") {
		return false, nil
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
	return true, &json.UnsupportedValueError{Str: "details sent"}
}

func (s *server) listUsers(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).listUsers writes its response`
	limit, offset, order, err := searchFilters(w, r)
	if err != nil {
		return
	}
	fmt.Fprintf(w, "%d users from %d, %s", min(limit, len(s.users)), offset, order)
}

func (s *server) whoami(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).whoami writes its response`
	u, err := s.currentUser(w, r)
	if err != nil {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(u)
}

func (s *server) admin(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).admin writes its response`
	if err := s.authorize(w, r); err != nil {
		return
	}
	w.Header().Set("X-Admin", "1")
	fmt.Fprint(w, "admin area")
}

// page assigns to variables declared before, and returns also when the
// filters are fine but the limit is 0.
func (s *server) page(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).page writes its response`
	var limit int
	var err error
	limit, _, _, err = searchFilters(w, r)
	if err != nil || limit == 0 {
		return
	}
	fmt.Fprintf(w, "page of %d", limit)
}

func (s *server) more(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).more writes its response`
	sent, err := details(w, r, map[string]any{"users": len(s.users)})
	if err != nil {
		return
	}
	fmt.Fprintf(w, "no details (%v)", sent)
}

// renderUsers is a helper without results calling one with results.
func (s *server) renderUsers(w http.ResponseWriter, r *http.Request, prefix string) {
	limit, _, _, err := searchFilters(w, r)
	if err != nil {
		return
	}
	names := make([]string, 0, len(s.users))
	for name := range s.users {
		names = append(names, prefix+name)
	}
	slices.Sort(names)
	writeJSON(w, r, names[:min(limit, len(names))])
}

func (s *server) users2(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).users2 writes its response`
	s.renderUsers(w, r, r.URL.Query().Get("prefix"))
}

// lookupUser writes 404 and returns a nil error: its callers go on.
func (s *server) lookupUser(w http.ResponseWriter, r *http.Request) (user, error) {
	u, ok := s.users[r.URL.Query().Get("user")]
	if !ok {
		http.NotFound(w, r)
		return u, nil
	}
	return u, nil
}

func (s *server) profile(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).profile writes .* the writer is passed to server.lookupUser, which cannot be made pure: it may write a response and return a nil error, so a caller testing its error would go on as if it wrote nothing.* \[blocked: helper-result\]`
	u, err := s.lookupUser(w, r)
	if err != nil {
		return
	}
	fmt.Fprintf(w, "profile of %s", u.Name)
}

// parseCount writes 400 on a path where its error may be nil (a count
// of zero with no error).
func parseCount(w http.ResponseWriter, r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if n == 0 || err != nil {
		http.Error(w, "bad count", http.StatusBadRequest)
		return 0, err
	}
	return n, nil
}

func (s *server) count(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).count writes .* which cannot be made pure: it may write a response and return a nil error, so.* \[blocked: helper-result\]`
	n, err := parseCount(w, r)
	if err != nil {
		return
	}
	fmt.Fprintf(w, "count %d", n)
}

// again writes a second response after the helper wrote one.
func (s *server) again(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).again writes .* the writer is used again when results.searchFilters failed.* \[blocked: multiple-writes\]`
	limit, _, _, err := searchFilters(w, r)
	if err != nil {
		http.Error(w, "again", http.StatusInternalServerError)
		return
	}
	fmt.Fprint(w, limit)
}

// logged logs the failure and goes on with the results.
func (s *server) logged(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).logged writes .* the branch taken when results.searchFilters failed does not end with a bare return.* \[blocked: helper-result\]`
	limit, _, _, err := searchFilters(w, r)
	if err != nil {
		log.Print(err)
	}
	fmt.Fprint(w, limit)
}

// unchecked uses the results without testing the error.
func (s *server) unchecked(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).unchecked writes .* results.searchFilters writes a response when its error result is not nil, and the call is not followed at once by if err != nil \{ return \}.* \[blocked: helper-result\]`
	limit, _, _, err := searchFilters(w, r)
	fmt.Fprint(w, limit, err)
}

// dropped drops the error.
func (s *server) dropped(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).dropped writes .* the error result of results.searchFilters, which says whether it wrote a response, is dropped.* \[blocked: helper-result\]`
	limit, _, _, _ := searchFilters(w, r)
	fmt.Fprint(w, limit)
}

// quietly returns only when verbose: the helper's response would be
// followed by more.
func (s *server) quietly(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).quietly writes .* not followed at once by if err != nil \{ return \}.* \[blocked: helper-result\]`
	limit, _, _, err := searchFilters(w, r)
	if err != nil && r.URL.Query().Has("verbose") {
		return
	}
	fmt.Fprint(w, limit)
}

// tagged sets a header before the helper may write.
func (s *server) tagged(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).tagged writes .* headers or a status are set before the writer is passed to results.searchFilters.* \[blocked: header-before-helper\]`
	w.Header().Set("X-Tag", "1")
	limit, _, _, err := searchFilters(w, r)
	if err != nil {
		return
	}
	fmt.Fprint(w, limit)
}

// greeting returns a value, not an error telling that it wrote.
func greeting(w http.ResponseWriter, r *http.Request) string {
	name := r.URL.Query().Get("name")
	if name == "" {
		http.Error(w, "no name", http.StatusBadRequest)
		return ""
	}
	return "hello " + name
}

func (s *server) hello(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).hello writes .* results.greeting, which cannot be made pure: it has results, the last not an error .* \[blocked: writer-escapes\]`
	g := greeting(w, r)
	fmt.Fprint(w, g)
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	http.ResponseWriter
	n int
}

func (c *countingWriter) Write(b []byte) (int, error) {
	c.n += len(b)
	return c.ResponseWriter.Write(b)
}

// counting wraps the writer: its callers write to what it returns.
func counting(w http.ResponseWriter, r *http.Request) (*countingWriter, error) {
	if r.URL.Query().Has("refuse") {
		http.Error(w, "refused", http.StatusForbidden)
		return nil, errForbidden
	}
	return &countingWriter{ResponseWriter: w}, nil
}

func (s *server) counted(w http.ResponseWriter, r *http.Request) { // want `handler \(\*server\).counted writes .* results.counting, which cannot be made pure: it returns a response writer .* \[blocked: writer-escapes\]`
	cw, err := counting(w, r)
	if err != nil {
		return
	}
	fmt.Fprint(cw, "counted")
}

// Mux serves the handlers.
func Mux() *http.ServeMux {
	s := &server{users: map[string]user{"ada": {Name: "ada", Admin: true}, "bob": {Name: "bob"}}, busy: true}
	mux := http.NewServeMux()
	mux.HandleFunc("/users", s.listUsers)
	mux.HandleFunc("/whoami", s.whoami)
	mux.HandleFunc("/admin", s.admin)
	mux.HandleFunc("/page", s.page)
	mux.HandleFunc("/more", s.more)
	mux.HandleFunc("/users2", s.users2)
	mux.HandleFunc("/profile", s.profile)
	mux.HandleFunc("/count", s.count)
	mux.HandleFunc("/again", s.again)
	mux.HandleFunc("/logged", s.logged)
	mux.HandleFunc("/unchecked", s.unchecked)
	mux.HandleFunc("/dropped", s.dropped)
	mux.HandleFunc("/quietly", s.quietly)
	mux.HandleFunc("/tagged", s.tagged)
	mux.HandleFunc("/hello", s.hello)
	mux.HandleFunc("/counted", s.counted)
	return mux
}
