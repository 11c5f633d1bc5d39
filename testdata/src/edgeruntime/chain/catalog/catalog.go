// Package catalog looks products up.
package catalog

import (
	"encoding/json"
	"net/http"
	"os/exec"

	"edgeruntime/chain/store"
)

// A Product is one item of the catalog.
type Product struct {
	SKU   string `json:"sku"`
	Name  string `json:"name"`
	Price int    `json:"price"`
}

// Lookup finds a product by SKU.
func Lookup(sku string) (Product, error) { // want Lookup:"reaches os.ReadFile via store.Load → store.readAll"
	var p Product
	data, err := store.Load("catalog/" + sku + ".json")
	if err != nil {
		return p, err
	}
	err = json.Unmarshal(data, &p)
	return p, err
}

// Decode decodes a product: it reaches nothing.
func Decode(data []byte) (Product, error) {
	var p Product
	err := json.Unmarshal(store.Parse(data).Data, &p)
	return p, err
}

// Reindex rebuilds the search index; only the back office calls it.
func Reindex() error { // want Reindex:"reaches exec.Command; \\(\\*exec.Cmd\\).Run"
	return exec.Command("reindex", "--all").Run()
}

// Handler serves products; other packages serve it on the edge.
type Handler struct{}

// NewHandler returns the catalog's handler.
func NewHandler() *Handler { return &Handler{} }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:"reaches os.ReadFile via catalog.Lookup → store.Load → store.readAll"
	p, err := Lookup(r.URL.Query().Get("sku"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	json.NewEncoder(w).Encode(p)
}

// ServeSKU serves one product.
func ServeSKU(w http.ResponseWriter, r *http.Request) { // want ServeSKU:"reaches os.ReadFile via \\(\\*catalog.Handler\\).ServeHTTP → catalog.Lookup → store.Load → store.readAll"
	(*Handler).ServeHTTP(nil, w, r)
}
