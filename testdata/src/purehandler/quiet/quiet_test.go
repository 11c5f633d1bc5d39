package quiet

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestItems(t *testing.T) {
	fake := func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("fake")) }
	rec := httptest.NewRecorder()
	fake(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Body.String() != "fake" {
		t.Fatal(rec.Body.String())
	}
}
