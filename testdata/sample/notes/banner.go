package notes

import (
	"net/http"
	"os"
)

// banner serves the site's banner. It is deployed to Cloudflare Workers
// too, to answer from the edge.
//
//routevet:edge workers
func banner(w http.ResponseWriter, r *http.Request) {
	text, err := os.ReadFile("banner.txt")
	if err != nil {
		http.Error(w, "no banner", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(text)
}
