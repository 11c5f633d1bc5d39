// want package:"streams in stream.Ticks"

// Package stream asserts writers to http.Flusher and http.Hijacker.
package stream

import (
	"bufio"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"time"
)

// Ticks flushes after each tick when it can.
func Ticks(w http.ResponseWriter, r *http.Request) {
	for i := range 3 {
		fmt.Fprintf(w, "tick %d\n", i)
		if f, ok := w.(http.Flusher); ok { // want `w.\(http.Flusher\) fails behind middleware whose writer wrapper offers Flush only through Unwrap, and then the response is not flushed; use http.NewResponseController\(w\).Flush\(\), which follows Unwrap`
			f.Flush()
		}
		time.Sleep(time.Second)
	}
}

// Upgrade takes the connection over.
func Upgrade(w http.ResponseWriter, r *http.Request) {
	hj, ok := w.(http.Hijacker) // want `w.\(http.Hijacker\) fails behind middleware whose writer wrapper offers Hijack only through Unwrap, and then the connection cannot be taken over; use http.NewResponseController\(w\).Hijack\(\), which follows Unwrap`
	if !ok {
		http.Error(w, "upgrade not supported", http.StatusInternalServerError)
		return
	}
	conn, brw, err := hj.Hijack()
	if err != nil {
		log.Print(err)
		return
	}
	defer conn.Close()
	brw.WriteString("HTTP/1.1 101 Switching Protocols\r\n\r\n")
	brw.Flush()
}

// Events checks up front and flushes later: no fix, since the controller
// can tell only by flushing, which would commit the headers early.
func Events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher) // want `w.\(http.Flusher\) fails`
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	for i := range 3 {
		fmt.Fprintf(w, "data: %d\n\n", i)
		flusher.Flush()
	}
}

// MustFlush panics where the assertion fails: the controller would not,
// so no fix.
func MustFlush(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, "hello")
	w.(http.Flusher).Flush() // want `w.\(http.Flusher\) fails`
}

// Upgrade2 handles the failure without returning: no fix.
func Upgrade2(w http.ResponseWriter, r *http.Request) {
	hj, ok := w.(http.Hijacker) // want `w.\(http.Hijacker\) fails`
	if !ok {
		log.Print("no hijack")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
}

// Push asserts another interface: not reported.
func Push(w http.ResponseWriter, r *http.Request) {
	if p, ok := w.(http.Pusher); ok {
		p.Push("/style.css", nil)
	}
	var v any = w
	if f, ok := v.(http.Flusher); ok {
		f.Flush()
	}
}

// wrapped forwards Flush and Hijack: the assertions in those methods are
// how forwarding is written, not reported.
type wrapped struct {
	http.ResponseWriter
}

func (w wrapped) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w wrapped) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := w.ResponseWriter.(http.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, errors.New("hijack not supported")
}

func (w wrapped) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// flushNow is a helper of the wrapper's, forwarding too.
func (w wrapped) flushNow() { w.ResponseWriter.(http.Flusher).Flush() }

var _ = wrapped.flushNow

// wrap builds a wrapper with the methods the writer has: the assertion
// chooses them, not reported.
func wrap(w http.ResponseWriter) http.ResponseWriter {
	if _, ok := w.(http.Flusher); ok {
		return wrapped{w}
	}
	return w
}

var _ = wrap
