// want package:"streams in handlers.Events"

// Package handlers streams server-sent events.
package handlers

import (
	"fmt"
	"net/http"
	"time"
)

// Events sends a tick every second.
func Events(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/event-stream")
	rc := http.NewResponseController(w)
	for i := 0; ; i++ {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(time.Second):
		}
		fmt.Fprintf(w, "data: %d\n\n", i)
		if err := rc.Flush(); err != nil {
			return
		}
	}
}
