package blocked

import . "net/http"

func dotted(w ResponseWriter, r *Request) { // want `\[blocked: name-conflict\]$`
	w.WriteHeader(StatusTeapot)
}

var _ = dotted
