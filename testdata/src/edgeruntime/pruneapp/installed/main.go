// Command installed is a Fastly service that installs Fastly's transport
// through a dependency, so http.Get goes through the backend.
package main

import (
	"io"
	"net/http"

	"github.com/fastly/compute-sdk-go/fsthttp"

	"edgeruntime/prunelib/install"
)

func main() {
	install.Use(fsthttp.NewTransport("origin"))
	fsthttp.Serve(fsthttp.Adapt(http.HandlerFunc(get)))
}

func get(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get("https://origin.example.com" + r.URL.Path)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}
