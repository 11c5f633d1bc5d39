package lsp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"
	"time"
)

func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// FuzzServe feeds the server arbitrary bytes as its input stream:
// malformed headers, truncated bodies, messages of the wrong types. It must
// answer with errors or log lines and return when the input ends, never
// panic or hang.
func FuzzServe(f *testing.F) {
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`
	for _, seed := range []string{
		frame(initialize),
		frame(initialize) + frame(`{"jsonrpc":"2.0","method":"initialized","params":{}}`) + frame(`{"jsonrpc":"2.0","id":2,"method":"shutdown"}`) + frame(`{"jsonrpc":"2.0","method":"exit"}`),
		"Content-Length: 10\r\n\r\n{\"jsonrpc\"",
		"Content-Length: -1\r\n\r\n",
		"Content-Type: x\r\n\r\n{}",
		frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":5}`),
		frame(`{"jsonrpc":"2.0","id":"x","method":"textDocument/codeAction","params":{"textDocument":{"uri":7}}}`),
		frame(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nope.go","version":1},"contentChanges":[{"range":{"start":{"line":99,"character":99},"end":{"line":0,"character":0}},"text":"x"}]}}`),
		frame(`[1,2,3]`),
		"\r\n\r\n\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- Serve(ctx, bytes.NewReader(data), io.Discard, nil, Debounce(time.Millisecond)) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("Serve has not returned 20s after its input ended: %q", data)
		}
	})
}
