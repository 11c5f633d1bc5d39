package tested

import (
	"net/http/httptest"
	"testing"
)

func TestGetThing(t *testing.T) {
	r := httptest.NewRequest("GET", "/things/1", nil)
	r.SetPathValue("thing", "1")
	w := httptest.NewRecorder()
	getThing(w, r)
	if w.Body.String() != "1" {
		t.Fatal(w.Body.String())
	}
}
