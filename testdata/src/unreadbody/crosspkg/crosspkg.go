// Package crosspkg calls the helpers of package helpers: their facts say
// what they do to the request.
package crosspkg

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"unreadbody/helpers"
)

type Item struct {
	Name string `json:"name"`
}

// --- positives ---

func CreateItem(w http.ResponseWriter, r *http.Request) {
	var item Item
	if err := helpers.DecodeJSON(w, r, &item); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var extra map[string]any
	if err := json.NewDecoder(r.Body).Decode(&extra); err != nil { // want `json.NewDecoder reads the request body, which helpers.DecodeJSON already consumed`
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
}

func TwoReads(w http.ResponseWriter, r *http.Request) {
	var a, b Item
	if err := helpers.ReadJSON(r.Body, &a); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := helpers.ReadJSON(r.Body, &b); err != nil { // want `helpers.ReadJSON reads the request body, which helpers.ReadJSON already consumed`
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, a.Name, b.Name)
}

// RequestID is harmless: the form is still unparsed after it.
func Tagged(w http.ResponseWriter, r *http.Request) {
	id := helpers.RequestID(r)
	fmt.Fprintln(w, id, r.Form.Get("tag")) // want `r.Form is read before the form is parsed`
}

func AfterUpload(w http.ResponseWriter, r *http.Request) {
	data, err := helpers.Upload(r, "doc")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rest, _ := io.ReadAll(r.Body) // want `io.ReadAll reads the request body, which helpers.Upload already consumed`
	fmt.Fprintln(w, len(data), len(rest))
}

// --- negatives ---

func Search(w http.ResponseWriter, r *http.Request) {
	if _, err := helpers.Filters(r); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, r.Form.Get("q"))
}

func MaybeParsed(w http.ResponseWriter, r *http.Request) {
	helpers.MaybeForm(r)
	fmt.Fprintln(w, r.Form.Get("q"))
}

func Peeked(w http.ResponseWriter, r *http.Request) {
	head, _ := helpers.PeekBody(r)
	var item Item
	if err := json.NewDecoder(r.Body).Decode(&item); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	fmt.Fprintln(w, len(head), item.Name)
}

func Forwarded(w http.ResponseWriter, r *http.Request) {
	var item Item
	if err := json.NewDecoder(r.Body).Decode(&item); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	helpers.Forward(http.NotFoundHandler(), w, r)
	raw, _ := io.ReadAll(r.Body)
	fmt.Fprintln(w, len(raw), r.PostForm.Get("x"))
}

// Count is unknown code for the body (it reads part of it): nothing is
// known of the body after it.
func Counted(w http.ResponseWriter, r *http.Request) {
	var item Item
	if err := json.NewDecoder(r.Body).Decode(&item); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	n := helpers.Count(r.Body)
	rest, _ := io.ReadAll(r.Body)
	fmt.Fprintln(w, n, item.Name, len(rest))
}
