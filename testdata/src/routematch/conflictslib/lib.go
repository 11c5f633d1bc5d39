// Package conflictslib is not a main package: DefaultServeMux here is not
// compared with what pprof registers, since no program is known to import
// both.
package conflictslib

import (
	"net/http"
	_ "net/http/pprof"
)

func Register() {
	http.HandleFunc("/debug/pprof/{name}", func(w http.ResponseWriter, r *http.Request) {})
}
