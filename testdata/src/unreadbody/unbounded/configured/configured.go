// Package configured reads bodies whole; .routevet.yaml says (in the test)
// that a router elsewhere limits them: body.limit-set-by names the package.
package configured

import (
	"fmt"
	"io"
	"net/http"
)

func Upload(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, len(data))
}
