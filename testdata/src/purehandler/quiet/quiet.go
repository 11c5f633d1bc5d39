// Package quiet has handler look-alikes the migration leaves alone.
package quiet

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/routevet/routevet/route"
)

// noop never uses its writer: net/http answers 200, nothing to migrate.
func noop(w http.ResponseWriter, r *http.Request) {
	log.Printf("ping from %s", r.RemoteAddr)
}

// discard has no writer to use.
func discard(_ http.ResponseWriter, r *http.Request) {
	log.Print(r.URL)
}

// timed only passes the writer on: middleware, not a response.
func timed(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Printf("%s %s", r.Method, r.URL)
		next.ServeHTTP(w, r)
	})
}

// Stats is already migrated: the adapter and the pure function.
func Stats(w http.ResponseWriter, r *http.Request) {
	route.Func(StatsPure).ServeHTTP(w, r)
}

// StatsPure is Stats as a route.Func.
func StatsPure(r *http.Request) (*http.Response, error) {
	return route.JSON(http.StatusOK, map[string]int{"requests": 1})
}

type api struct{}

// items is an adapter over a method table.
func (a api) items(w http.ResponseWriter, r *http.Request) {
	route.Methods{
		http.MethodGet: a.itemsGet,
	}.ServeHTTP(w, r)
}

func (a api) itemsGet(r *http.Request) (*http.Response, error) {
	return route.JSON(http.StatusOK, []string{})
}

// decodeOnly has the handler shape in name only: its first parameter is
// an encoder's destination, not a ResponseWriter.
func decodeOnly(enc *json.Encoder, r *http.Request) {
	enc.Encode(r.URL.Query())
}

func Mux() http.Handler {
	var a api
	mux := http.NewServeMux()
	mux.HandleFunc("/noop", noop)
	mux.HandleFunc("/discard", discard)
	mux.Handle("/stats", timed(http.HandlerFunc(Stats)))
	mux.HandleFunc("/items", a.items)
	mux.Handle("/pure", route.Func(StatsPure))
	return mux
}
