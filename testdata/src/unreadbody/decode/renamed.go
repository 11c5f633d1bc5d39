package decode

import (
	"encoding/json"
	"fmt"
	nethttp "net/http"
)

// net/http under another name: the fix uses it.
func Rename(rw nethttp.ResponseWriter, req *nethttp.Request) {
	var in CreateUser
	json.NewDecoder(req.Body).Decode(&in) // want `the error of Decode is discarded`
	fmt.Fprintln(rw, in.Name)
}
