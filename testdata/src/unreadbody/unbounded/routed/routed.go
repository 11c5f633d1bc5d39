// Package routed routes its handlers behind a limiting middleware of
// another package: its facts say it limits bodies.
package routed

import (
	"encoding/json"
	"fmt"
	"net/http"

	"unreadbody/unbounded/mw"
)

type Item struct {
	Name string `json:"name"`
}

func create(w http.ResponseWriter, r *http.Request) {
	var item Item
	if err := json.NewDecoder(r.Body).Decode(&item); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, item.Name)
}

func Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /items", create)
	return mw.Limit(1 << 20)(mw.Logger(mux))
}
