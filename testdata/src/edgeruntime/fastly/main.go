// Command shop is a Fastly Compute service in front of the shop's origin.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"

	"github.com/fastly/compute-sdk-go/configstore"
	"github.com/fastly/compute-sdk-go/fsthttp"
	"github.com/jackc/pgx/v5/pgxpool"

	"edgeruntime/chain/catalog"
)

var pool *pgxpool.Pool

func main() {
	fsthttp.ServeFunc(serve)
}

func serve(ctx context.Context, w fsthttp.ResponseWriter, r *fsthttp.Request) {
	// Compute sets FASTLY_* variables: os.Getenv is allowed on Fastly.
	w.Header().Set("X-Served-By", os.Getenv("FASTLY_HOSTNAME"))
	switch r.URL.Path {
	case "/product":
		p, err := catalog.Lookup(r.URL.Query().Get("sku")) // want `edge handler serve \(fastly\) reaches os.ReadFile via catalog.Lookup → store.Load → store.readAll: Fastly Compute has no filesystem; embed the file with //go:embed or use configstore`
		if err != nil {
			w.WriteHeader(fsthttp.StatusNotFound)
			return
		}
		json.NewEncoder(w).Encode(p)
	case "/product/raw":
		p, _ := catalog.Decode([]byte(`{"sku":"x"}`))
		json.NewEncoder(w).Encode(p)
	case "/origin":
		req, err := fsthttp.NewRequest("GET", "https://origin.example.com/", nil)
		if err != nil {
			w.WriteHeader(fsthttp.StatusInternalServerError)
			return
		}
		resp, err := req.Send(ctx, "origin")
		if err != nil {
			w.WriteHeader(fsthttp.StatusBadGateway)
			return
		}
		io.Copy(w, resp.Body)
	case "/geo":
		addrs, err := net.LookupHost("geo.internal") // want `edge handler serve \(fastly\) calls net.LookupHost: Fastly Compute has no DNS resolver; backends are named in the service configuration; send an fsthttp.Request to a backend`
		if err != nil {
			w.WriteHeader(fsthttp.StatusBadGateway)
			return
		}
		fmt.Fprintln(w, addrs)
	case "/rates":
		resp, err := http.Get("https://rates.example.com/eur") // want `edge handler serve \(fastly\) calls http.Get: net/http's own transport cannot reach the network on Fastly Compute, where requests must name a backend; use fsthttp.NewRequest\(...\).Send\(ctx, backend\), or an http.Client with Transport: fsthttp.NewTransport\(backend\)`
		if err != nil {
			w.WriteHeader(fsthttp.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		io.Copy(w, resp.Body)
	case "/banner":
		store, err := configstore.Open("site")
		if err != nil {
			w.WriteHeader(fsthttp.StatusInternalServerError)
			return
		}
		banner, _ := store.Get("banner")
		fmt.Fprint(w, banner)
	}
}

// legacy is the handler of the older single-request service.
func legacy(ctx context.Context, w fsthttp.ResponseWriter, r *fsthttp.Request) {
	var total int
	pool.QueryRow(ctx, "SELECT count(*) FROM orders").Scan(&total) // want `edge handler legacy \(fastly\) calls \(\*pgxpool.Pool\).QueryRow: Fastly Compute has no raw TCP, so the driver cannot connect; reach the database through an HTTP API on a backend, or use a KV store`
	fmt.Fprint(w, total)
}

func serveLegacy() {
	fsthttp.Serve(fsthttp.HandlerFunc(legacy))
}

// serveCatalog serves a handler declared in another package: its findings
// are reported here, where it becomes an edge handler.
func serveCatalog() {
	fsthttp.Serve(fsthttp.Adapt(catalog.NewHandler())) // want `edge handler \(\*catalog.Handler\).ServeHTTP \(fastly\) reaches os.ReadFile via catalog.Lookup → store.Load → store.readAll: Fastly Compute has no filesystem`
	mux := http.NewServeMux()
	mux.HandleFunc("/sku", catalog.ServeSKU) // want `edge handler catalog.ServeSKU \(fastly\) reaches os.ReadFile via \(\*catalog.Handler\).ServeHTTP → catalog.Lookup → store.Load → store.readAll: Fastly Compute has no filesystem`
	fsthttp.Serve(fsthttp.Adapt(mux))
}

func serveMany() {
	fsthttp.ServeMany(func(ctx context.Context, w fsthttp.ResponseWriter, r *fsthttp.Request) {
		if err := catalog.Reindex(); err != nil { // want `edge handler func literal passed to fsthttp.ServeMany \(fastly\) reaches exec.Command via catalog.Reindex: Fastly Compute cannot start or signal processes; do the work in Go`
			w.WriteHeader(fsthttp.StatusInternalServerError)
		}
	}, &fsthttp.ServeManyOptions{MaxRequests: 100})
}
