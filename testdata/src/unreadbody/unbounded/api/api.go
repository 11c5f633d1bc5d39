// Package api exercises unbounded-body and its fix.
package api

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"

	"unreadbody/helpers"
)

type Item struct {
	Name string `json:"name"`
}

// --- positives with a fix ---

func CreateItem(w http.ResponseWriter, r *http.Request) {
	var item Item
	if err := json.NewDecoder(r.Body).Decode(&item); err != nil { // want `json.NewDecoder reads the request body whole with no http.MaxBytesReader on any path before it, so a client can make the server hold as much memory as it sends; limit the body with http.MaxBytesReader first, or list the middleware that limits it in body.limit-set-by$`
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, item.Name)
}

func Upload(w http.ResponseWriter, req *http.Request) {
	data, err := io.ReadAll(req.Body) // want `io.ReadAll reads the request body whole`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, len(data))
}

func Feed(w http.ResponseWriter, r *http.Request) {
	var v struct{ Title string }
	dec := xml.NewDecoder(r.Body) // want `xml.NewDecoder reads the request body whole`
	if err := dec.Decode(&v); err != nil {
		w.WriteHeader(http.StatusUnprocessableEntity)
		return
	}
	fmt.Fprintln(w, v.Title)
}

func ViaHelper(w http.ResponseWriter, r *http.Request) {
	var item Item
	if err := helpers.ReadJSON(r.Body, &item); err != nil { // want `helpers.ReadJSON reads the request body whole \(io.ReadAll at helpers.go:\d+\) with no http.MaxBytesReader on any path before the call`
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, item.Name)
}

// --- positives without a fix ---

func Wrapped(w http.ResponseWriter, r *http.Request) {
	body := io.NopCloser(r.Body)
	data, _ := io.ReadAll(body) // want `io.ReadAll reads the request body whole .* \(no automatic fix: the body is not read as r.Body or handed on as r\)$`
	fmt.Fprintln(w, len(data))
}

// --- look-alikes ---

func Limited(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var item Item
	if err := json.NewDecoder(r.Body).Decode(&item); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, item.Name)
}

func LimitedInline(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 4096))
	if err != nil {
		http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
		return
	}
	fmt.Fprintln(w, len(data))
}

func LimitReader(w http.ResponseWriter, r *http.Request) {
	data, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	fmt.Fprintln(w, len(data))
}

func LimitedVar(w http.ResponseWriter, r *http.Request) {
	body := http.MaxBytesReader(w, r.Body, 1<<16)
	var item Item
	if err := json.NewDecoder(body).Decode(&item); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, item.Name)
}

// helpers.DecodeJSON limits the body itself.
func LimitedByHelper(w http.ResponseWriter, r *http.Request) {
	var item Item
	if err := helpers.DecodeJSON(w, r, &item); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, item.Name)
}

// Streamed elsewhere, not held in memory.
func Proxy(w http.ResponseWriter, r *http.Request) {
	io.Copy(w, r.Body)
}

// On some path only: a limit there may be all there is to see.
func SomePath(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength < 0 {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	}
	data, _ := io.ReadAll(r.Body)
	fmt.Fprintln(w, len(data))
}
