package testcodeon

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestSecondWriteHeaderIgnored(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		w.WriteHeader(http.StatusTeapot) // want `w.WriteHeader after the response was committed`
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusAccepted {
		t.Fatal(rec.Code)
	}
}

func lateHeader(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("body"))
	w.Header().Set("X-Late", "1") // want `w.Header\(\).Set\("X-Late"\) after the response was committed`
}
