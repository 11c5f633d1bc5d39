package streams

import (
	"fmt"
	"net/http"
)

// lines writes a line per name, in a file that does not import io: the
// fix adds the import its function literal needs.
func lines(w http.ResponseWriter, r *http.Request) { // want `handler lines writes its response through http.ResponseWriter, so the response exists only as side effects`
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	for _, name := range names(queryInt(r, "n")) {
		fmt.Fprintln(w, name)
	}
}

// twoParts writes twice, the second part only sometimes.
func twoParts(w http.ResponseWriter, r *http.Request) { // want `handler twoParts writes its response through http.ResponseWriter, so the response exists only as side effects`
	w.Write([]byte("part one"))
	if r.URL.Query().Has("more") {
		w.Write([]byte(", part two"))
	}
}

func linesRoutes(mux *http.ServeMux) {
	mux.HandleFunc("/lines", lines)
	mux.HandleFunc("/parts", twoParts)
}
