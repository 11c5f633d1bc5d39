// Package chirender is the shape of a module answering through
// github.com/go-chi/render, with the status in the request's context, and
// an API helper of its own over it.
package chirender

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"

	"github.com/go-chi/render"
)

type user struct {
	Name  string `json:"name"`
	Admin bool   `json:"admin"`
}

type stats struct {
	Mean float64 `json:"mean"`
}

type apiResponse struct {
	Error   string `json:"error,omitempty"`
	Message string `json:"message"`
}

var errNotFound = errors.New("not found")

// sendAPIResponse answers with a message and a status, through the
// request's context.
func sendAPIResponse(w http.ResponseWriter, r *http.Request, err error, message string, code int) {
	var errorString string
	if errors.Is(err, errNotFound) {
		errorString = http.StatusText(http.StatusNotFound)
	} else if err != nil {
		errorString = err.Error()
	}
	resp := apiResponse{Error: errorString, Message: message}
	ctx := context.WithValue(r.Context(), render.StatusCtxKey, code)
	render.JSON(w, r.WithContext(ctx), resp)
}

func getUser(w http.ResponseWriter, r *http.Request) { // want `handler getUser writes its response`
	name := r.URL.Query().Get("name")
	if name == "" {
		sendAPIResponse(w, r, errNotFound, "no such user", http.StatusNotFound)
		return
	}
	render.JSON(w, r, user{Name: name, Admin: name == "root"})
}

func createUser(w http.ResponseWriter, r *http.Request) { // want `handler createUser writes its response`
	name := r.URL.Query().Get("name")
	if name == "bad" {
		sendAPIResponse(w, r, errors.New("invalid name"), "", http.StatusBadRequest)
		return
	}
	w.Header().Set("Location", "/users?name="+name)
	render.Status(r, http.StatusCreated)
	render.JSON(w, r, user{Name: name})
}

// mean cannot encode NaN: render.JSON answers 500 with the encoder's
// message.
func mean(w http.ResponseWriter, r *http.Request) { // want `handler mean writes its response`
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain")
	s := stats{Mean: math.NaN()}
	if n > 0 {
		s.Mean = 10 / float64(n)
	}
	render.JSON(w, r, s)
}

func ping(w http.ResponseWriter, r *http.Request) { // want `handler ping writes its response`
	w.Header().Set("X-Ping", "1")
	if r.URL.Query().Has("html") {
		render.HTML(w, r, "<b>pong</b>")
		return
	}
	render.PlainText(w, r, "pong")
}

func blob(w http.ResponseWriter, r *http.Request) { // want `handler blob writes its response`
	render.Data(w, r, []byte(r.URL.Query().Get("data")))
}

var buf = make([]byte, 4)

func pooled(w http.ResponseWriter, r *http.Request) { // want `handler pooled writes .* \[blocked: defer-before-send\]`
	defer func() { buf[0] = 'x' }()
	copy(buf, "abcd")
	render.Data(w, r, buf)
}

func accepted(w http.ResponseWriter, r *http.Request) { // want `handler accepted writes .* \[blocked: header-after-commit\]`
	w.WriteHeader(http.StatusAccepted)
	render.JSON(w, r, user{Name: "queued"})
}

// Mux serves the handlers.
func Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/user", getUser)
	mux.HandleFunc("/create", createUser)
	mux.HandleFunc("/mean", mean)
	mux.HandleFunc("/ping", ping)
	mux.HandleFunc("/blob", blob)
	mux.HandleFunc("/pooled", pooled)
	mux.HandleFunc("/accepted", accepted)
	mux.HandleFunc("/healthz", health)
	return mux
}
