// Package configbad is configured with a profile that does not exist.
package configbad

import (
	"net/http"
	"os"
)

func Page(w http.ResponseWriter, r *http.Request) { // want Page:"reaches os.ReadFile"
	data, _ := os.ReadFile("page.html")
	w.Write(data)
}
