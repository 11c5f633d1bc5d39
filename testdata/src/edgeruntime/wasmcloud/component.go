// Package component is a wasmCloud HTTP component.
package component

import (
	"encoding/json"
	"net/http"
	"os"

	"github.com/gorilla/mux"
	"github.com/redis/go-redis/v9"
	"go.wasmcloud.dev/component/net/wasihttp"
)

type quote struct {
	Symbol string  `json:"symbol"`
	Price  float64 `json:"price"`
}

func init() {
	router := mux.NewRouter()
	router.HandleFunc("/quotes/{symbol}", quoteHandler).Methods("GET")
	router.HandleFunc("/static/{file}", staticFile).Methods("GET")
	api := router.PathPrefix("/api").Subrouter()
	api.HandleFunc("/cache", cached)
	wasihttp.Handle(router)
}

func quoteHandler(w http.ResponseWriter, r *http.Request) {
	resp, err := wasihttp.DefaultClient.Get("https://quotes.example.com/" + mux.Vars(r)["symbol"])
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	var q quote
	json.NewDecoder(resp.Body).Decode(&q)
	json.NewEncoder(w).Encode(q)
}

func staticFile(w http.ResponseWriter, r *http.Request) {
	http.ServeFile(w, r, "static/"+mux.Vars(r)["file"]) // want `edge handler staticFile \(wasmcloud\) calls http.ServeFile: a wasmCloud component has no filesystem; embed the file with //go:embed, or read it through wasi:blobstore`
}

func cached(w http.ResponseWriter, r *http.Request) {
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv("REDIS_ADDR")}) // want `edge handler cached \(wasmcloud\) calls redis.NewClient: a wasmCloud component has no raw TCP, so the driver cannot connect; use a capability provider such as wasmcloud:postgres or wasi:keyvalue`
	v, _ := rdb.Get(r.Context(), "k").Result()                            // want `edge handler cached \(wasmcloud\) calls \(redis.cmdable\).Get: a wasmCloud component has no raw TCP`
	w.Write([]byte(v))
}
