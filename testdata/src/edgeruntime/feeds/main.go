// Command feeds is a Worker that fetches feeds for its readers.
package main

import (
	"crypto/rand"
	"fmt"
	"mime"
	"net/http"
	"os"
	"path"
	"time"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare/fetch"
	"golang.org/x/net/http/httpproxy"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /fetch", fetchFeed)
	mux.HandleFunc("GET /fetch/tuned", fetchTuned)
	mux.HandleFunc("GET /fetch/edge", fetchOnEdge)
	mux.HandleFunc("POST /subscribe", subscribe)
	mux.HandleFunc("GET /settings", settings)
	workers.Serve(mux)
}

// fetchFeed builds the client as miniflux does: an *http.Transport, which
// dials with package net.
func fetchFeed(w http.ResponseWriter, r *http.Request) {
	transport := &http.Transport{MaxIdleConns: 10, IdleConnTimeout: 30 * time.Second}
	client := &http.Client{Timeout: 20 * time.Second}
	client.Transport = transport
	resp, err := client.Get(r.URL.Query().Get("url")) // want `edge handler fetchFeed \(workers\) calls \(\*http.Client\).Get on an \*http.Transport: net/http's own transport cannot reach the network from a Worker`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}

func fetchTuned(w http.ResponseWriter, r *http.Request) {
	client := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	resp, err := client.Get(r.URL.Query().Get("url")) // want `edge handler fetchTuned \(workers\) calls \(\*http.Client\).Get on an \*http.Transport`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}

// fetchOnEdge gives the client the Workers fetch transport.
func fetchOnEdge(w http.ResponseWriter, r *http.Request) {
	client := &http.Client{Timeout: 20 * time.Second}
	client.Transport = fetch.NewClient().HTTPClient(fetch.RedirectModeFollow).Transport
	resp, err := client.Get(r.URL.Query().Get("url"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	// A library reading optional settings from the environment gets
	// nothing on Workers, which is what it expects.
	if cfg := httpproxy.FromEnvironment(); cfg.HTTPProxy != "" {
		w.Header().Set("Via", cfg.HTTPProxy)
	}
}

// subscribe uses the standard library, whose internal fallbacks
// (multipart spilling to temporary files, mime.types) are not followed.
func subscribe(w http.ResponseWriter, r *http.Request) {
	feed := r.FormValue("url")
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(feed)))
	token := make([]byte, 16)
	rand.Read(token)
	loc, _ := time.LoadLocation("Europe/Paris")
	fmt.Fprintf(w, "%x %s", token, time.Now().In(loc))
}

// settings reads the app's own configuration from the environment.
func settings(w http.ResponseWriter, r *http.Request) {
	fmt.Fprint(w, pageSize()) // want `edge handler settings \(workers\) reaches os.Getenv via pageSize: a Worker's variables and secrets are bindings`
}

func pageSize() string { return os.Getenv("PAGE_SIZE") }
