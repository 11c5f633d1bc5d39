package route

import (
	"fmt"
	"io"
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

// TestFullBodyWrites checks the Writes a WriteFunc body is sent with,
// also when part of it was read before.
func TestFullBodyWrites(t *testing.T) {
	resp, _ := WriteFunc(ImplicitOK, "", func(w io.Writer) error {
		for _, s := range []string{"", "ab", "", "cd", "e"} {
			io.WriteString(w, s)
		}
		return nil
	})
	body := resp.Body.(*fullBody)
	show := func() string { return fmt.Sprintf("%q", body.writes()) }
	if got := show(); got != `["" "ab" "" "cd" "e"]` {
		t.Errorf("unread: %s", got)
	}
	body.Read(make([]byte, 3))
	if got := show(); got != `["d" "e"]` {
		t.Errorf("3 bytes read: %s", got)
	}
	io.ReadAll(body)
	if got := show(); got != `[]` {
		t.Errorf("all read: %s", got)
	}
}
