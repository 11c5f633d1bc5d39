package blocked

import (
	"fmt"
	"io"
	"net/http"
)

// Streamed tails whose writer uses would not mean the same with an
// io.Writer: the writer given to a builtin, or to a generic function
// (whose type argument would change), so nothing is kept.

func printed(w http.ResponseWriter, r *http.Request) { // want `\[blocked: writer-escapes\]$`
	fmt.Fprint(w, "a")
	println(w)
}

func writeTo[W io.Writer](w W, s string) { io.WriteString(w, s) }

func generic(w http.ResponseWriter, r *http.Request) { // want `\[blocked: writer-escapes\]$`
	w.Header().Set("Content-Type", "text/plain")
	writeTo(w, "a")
	writeTo(w, "b")
}

// The writer converted to io.Writer first: a copy, not the parameter.
func converted(w http.ResponseWriter, r *http.Request) { // want `\[blocked: writer-escapes\]$`
	out := io.Writer(w)
	fmt.Fprint(out, "a")
	fmt.Fprint(out, "b")
}

// StreamRoutes registers them.
func StreamRoutes(mux *http.ServeMux) {
	mux.HandleFunc("/s/printed", printed)
	mux.HandleFunc("/s/generic", generic)
	mux.HandleFunc("/s/converted", converted)
}
