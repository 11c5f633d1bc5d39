// Command proxy installs Fastly's transport as net/http's default, so
// http.Get and clients with no Transport go through the backend.
package main

import (
	"context"
	"io"
	"net/http"
	"time"

	"github.com/fastly/compute-sdk-go/fsthttp"
)

func init() {
	http.DefaultTransport = fsthttp.NewTransport("origin")
}

func main() {
	fsthttp.Serve(fsthttp.Adapt(http.HandlerFunc(proxy)))
}

func proxy(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get("https://origin.example.com" + r.URL.Path)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	client := &http.Client{Timeout: 10 * time.Second}
	if resp, err := client.Get("https://origin.example.com/ping"); err == nil {
		resp.Body.Close()
	}
	io.Copy(w, resp.Body)
	_ = context.Background()
}

// tuned has a transport of its own, which installing the default one does
// not change.
func tuned(w http.ResponseWriter, r *http.Request) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 4}}
	resp, err := client.Get("https://origin.example.com/") // want `edge handler tuned \(fastly\) calls \(\*http.Client\).Get on an \*http.Transport: net/http's own transport cannot reach the network on Fastly Compute`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	resp.Body.Close()
}

func serveTuned() {
	fsthttp.Serve(fsthttp.Adapt(http.HandlerFunc(tuned)))
}
