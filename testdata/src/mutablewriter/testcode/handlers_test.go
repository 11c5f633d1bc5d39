package testcode

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// A test that pins down what net/http does with a second WriteHeader
// breaks the rule on purpose: not reported by default.
func TestSecondWriteHeaderIgnored(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		w.WriteHeader(http.StatusTeapot)
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusAccepted {
		t.Fatal(rec.Code)
	}
}

func lateHeader(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("body"))
	w.Header().Set("X-Late", "1")
}
