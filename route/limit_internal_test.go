package route

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// TestServingEmptied checks that the table of requests being served is
// empty again once every ServeHTTP of a request returned, however their
// calls interleaved.
func TestServingEmptied(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	f := Func(func(r *http.Request) (*http.Response, error) {
		if writerOf(r) == nil {
			t.Error("no writer while serving")
		}
		return nil, nil
	})
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Methods{"GET": f}.ServeHTTP(httptest.NewRecorder(), r)
		}()
	}
	wg.Wait()
	if _, ok := serving.Load(r); ok {
		t.Error("the request is still in the table")
	}
}
