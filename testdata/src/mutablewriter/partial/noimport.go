package partial

import "net/http"

// Listing is fixed in a file that does not import bytes yet.
func Listing(w http.ResponseWriter, r *http.Request) {
	if err := plain.Execute(w, data(r)); err != nil {
		http.Error(w, "cannot list", http.StatusInternalServerError) // want `http.Error replies after plain.Execute failed`
		return
	}
	w.Write([]byte("\n-- end --\n"))
}
