package lastcall

import (
	"fmt"
	"net/http"
)

// greet is this file's only use of fmt, which the fix keeps in
// fmt.Append: the import must stay.
func greet(w http.ResponseWriter, r *http.Request) { // want `handler greet writes its response`
	fmt.Fprintf(w, "hello %s", r.URL.Query().Get("name"))
}

// Greetings serves greet.
func Greetings(mux *http.ServeMux) {
	mux.HandleFunc("/greet", greet)
}
