// Package routers registers handlers on chi, gorilla/mux and ServeMux in
// the ways the migration rewrites.
package routers

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"sort"

	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
)

type item struct {
	SKU   string `json:"sku"`
	Count int    `json:"count"`
}

var stock = map[string]int{"apple": 3, "pear": 0}

func listItems(w http.ResponseWriter, r *http.Request) { // want `handler listItems writes its response`
	items := []item{}
	for sku, n := range stock {
		items = append(items, item{SKU: sku, Count: n})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].SKU < items[j].SKU })
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(items)
}

func getItem(w http.ResponseWriter, r *http.Request) { // want `handler getItem writes its response`
	sku := chi.URLParam(r, "sku")
	n, ok := stock[sku]
	if !ok {
		http.Error(w, fmt.Sprintf("unknown item %q", sku), http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(item{SKU: sku, Count: n})
}

func restock(w http.ResponseWriter, r *http.Request) { // want `handler restock writes its response`
	sku := mux.Vars(r)["sku"]
	stock[sku] += 10
	w.WriteHeader(http.StatusAccepted)
}

func drain(w http.ResponseWriter, r *http.Request) { // want `handler drain writes its response`
	delete(stock, mux.Vars(r)["sku"])
	w.WriteHeader(http.StatusNoContent)
}

func audit(w http.ResponseWriter, r *http.Request) { // want `handler audit writes its response`
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprint(w, "audit log is empty\n")
}

// logged is middleware over an http.Handler.
func logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Printf("%s %s", r.Method, r.URL.Path)
		next.ServeHTTP(w, r)
	})
}

// greeter builds a handler; its literal is not a registration's argument.
func greeter(greeting string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { // want `handler literal writes its response`
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "%s, %s!\n", greeting, r.URL.Query().Get("name"))
	}
}

// version builds an http.Handler from a literal.
func version() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // want `handler literal writes its response`
		w.Write([]byte("v2\n"))
	})
}

// maintenance replaces h while the service is down.
func maintenance(h http.Handler, down bool) http.Handler {
	if down {
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { // want `handler literal writes its response`
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("down for maintenance\n"))
		})
	}
	return h
}

func Chi() http.Handler {
	r := chi.NewRouter()
	r.Get("/items", listItems)
	r.HandleFunc("/items/{sku}", getItem)
	r.MethodFunc("POST", "/audit", audit)
	r.Get("/hello", greeter("Hello"))
	r.Handle("/version", version())
	return r
}

func Gorilla() http.Handler {
	r := mux.NewRouter()
	r.HandleFunc("/items/{sku}/restock", restock).Methods("POST")
	r.Path("/items/{sku}").Methods("DELETE").HandlerFunc(drain)
	return r
}

// ServeMux serves the same handlers on a ServeMux, through middleware.
func ServeMux() http.Handler {
	m := http.NewServeMux()
	m.Handle("GET /items", logged(http.HandlerFunc(listItems)))
	m.Handle("GET /items/{sku}", http.HandlerFunc(getItem))
	m.HandleFunc("POST /items/{sku}/restock", restock)
	m.Handle("DELETE /items/{sku}", logged(http.HandlerFunc(drain)))
	m.HandleFunc("POST /audit", audit)
	m.Handle("GET /hello", greeter("Hi"))
	m.Handle("GET /version", version())
	m.Handle("GET /maintenance", maintenance(http.NotFoundHandler(), true))
	return m
}
