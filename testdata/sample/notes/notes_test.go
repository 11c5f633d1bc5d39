package notes

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestSecondStatusIgnored pins down what net/http does with a second
// WriteHeader, so it sends one on purpose. routevet reports nothing in
// test code unless .routevet.yaml says "tests: true".
func TestSecondStatusIgnored(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		w.WriteHeader(http.StatusTeapot)
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusAccepted {
		t.Errorf("status %d, want the first one, %d", rec.Code, http.StatusAccepted)
	}
}
