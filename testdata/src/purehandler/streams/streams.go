// Package streams holds handlers and helpers that stream their body: they
// set their headers and status, then write through their writer as an
// io.Writer, in loops, through csv and zip writers wrapped around it,
// flushing it, and abort the response with http.ErrAbortHandler when
// their source fails, as real handlers do.
package streams

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
)

// streamData writes data to w, aborting the response when it cannot.
func streamData(w io.Writer, data []byte) {
	b := bytes.NewBuffer(data)
	_, err := io.CopyN(w, b, int64(len(data)))
	if err != nil {
		panic(http.ErrAbortHandler)
	}
}

// streamJSONArray sends the JSON arrays dataGetter returns, chunk by
// chunk, as one array.
func streamJSONArray(w http.ResponseWriter, chunkSize int, dataGetter func(limit, offset int) ([]byte, int, error)) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Accept-Ranges", "none")
	w.WriteHeader(http.StatusOK)

	streamData(w, []byte("["))
	offset := 0
	for {
		data, count, err := dataGetter(chunkSize, offset)
		if err != nil {
			panic(http.ErrAbortHandler)
		}
		if count == 0 {
			break
		}
		if offset > 0 {
			streamData(w, []byte(","))
		}
		streamData(w, data[1:len(data)-1])
		if count < chunkSize {
			break
		}
		offset += count
	}
	streamData(w, []byte("]"))
}

// names returns n item names.
func names(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("item-%04d", i)
	}
	return out
}

// pages returns a dataGetter over n items that fails from offset failAt
// on (never when it is 0).
func pages(n, failAt int) func(limit, offset int) ([]byte, int, error) {
	all := names(n)
	return func(limit, offset int) ([]byte, int, error) {
		if failAt > 0 && offset >= failAt {
			return nil, 0, errors.New("backend gone")
		}
		end := min(offset+limit, len(all))
		if offset >= end {
			return []byte("[]"), 0, nil
		}
		data, err := json.Marshal(all[offset:end])
		return data, end - offset, err
	}
}

func queryInt(r *http.Request, key string) int {
	n, _ := strconv.Atoi(r.URL.Query().Get(key))
	return n
}

func listItems(w http.ResponseWriter, r *http.Request) { // want `handler listItems writes its response through http.ResponseWriter, so the response exists only as side effects`
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 {
		http.Error(w, "invalid limit", http.StatusBadRequest)
		return
	}
	streamJSONArray(w, limit, pages(queryInt(r, "n"), queryInt(r, "fail")))
}

// tagged sets a header of its own before the helper's.
func tagged(w http.ResponseWriter, r *http.Request) { // want `handler tagged writes its response through http.ResponseWriter, so the response exists only as side effects`
	w.Header().Set("X-Tag", "v1")
	streamJSONArray(w, 4, pages(queryInt(r, "n"), 0))
}

// exportCSV streams a CSV file through a csv.Writer; a failing write
// (the client is gone) ends it.
func exportCSV(w http.ResponseWriter, r *http.Request) { // want `handler exportCSV writes its response through http.ResponseWriter, so the response exists only as side effects`
	n := queryInt(r, "n")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=items-%d.csv", n))
	w.Header().Set("Content-Type", "text/csv")
	w.WriteHeader(http.StatusOK)

	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"name", "index"}); err != nil {
		return
	}
	for i, name := range names(n) {
		if err := cw.Write([]string{name, strconv.Itoa(i)}); err != nil {
			log.Printf("export: %v", err)
			return
		}
	}
	cw.Flush()
}

// download zips a file without WriteHeader or Content-Type: the first
// Write sends 200, and its type is sniffed.
func download(w http.ResponseWriter, r *http.Request) { // want `handler download writes its response through http.ResponseWriter, so the response exists only as side effects`
	name := r.URL.Query().Get("name")
	if name == "" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Disposition", "attachment; filename="+strconv.Quote(name+".zip"))
	zw := zip.NewWriter(w)
	f, err := zw.Create(name + ".txt")
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	io.WriteString(f, strings.Repeat(name+"\n", queryInt(r, "n")))
	if err := zw.Close(); err != nil {
		panic(http.ErrAbortHandler)
	}
}

// events flushes each event when its writer can.
func events(w http.ResponseWriter, r *http.Request) { // want `handler events writes its response through http.ResponseWriter, so the response exists only as side effects`
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	flusher, canFlush := w.(http.Flusher)
	for i := range queryInt(r, "n") {
		fmt.Fprintf(w, "data: %d\n\n", i)
		if canFlush {
			flusher.Flush()
		}
	}
	fmt.Fprint(w, `event: end
data: bye

`) //nolint:errcheck // the client may be gone
}

// archive closes its zip writer with a deferred call of the tail, which
// runs when the tail ends, as it ran when the handler did.
func archive(w http.ResponseWriter, r *http.Request) { // want `handler archive writes its response through http.ResponseWriter, so the response exists only as side effects`
	w.Header().Set("Content-Type", "application/zip")
	zw := zip.NewWriter(w)
	defer zw.Close()
	for _, name := range names(queryInt(r, "n")) {
		f, err := zw.Create(name)
		if err != nil {
			return
		}
		io.WriteString(f, name)
	}
}

// bracketed writes its closing bracket with a deferred call, which uses
// the writer: it stays as it is.
func bracketed(w http.ResponseWriter, r *http.Request) { // want `handler bracketed writes .* \[blocked: writer-escapes\]`
	streamData(w, []byte("["))
	defer streamData(w, []byte("]"))
	for i, name := range names(queryInt(r, "n")) {
		if i > 0 {
			streamData(w, []byte(","))
		}
		streamData(w, []byte(strconv.Quote(name)))
	}
}

// exportRows streams rows and returns the csv writer's error, which its
// caller handles once the body is written: it stays as it is.
func exportRows(w http.ResponseWriter, n int) error {
	w.Header().Set("Content-Type", "text/csv")
	w.WriteHeader(http.StatusOK)
	cw := csv.NewWriter(w)
	for i, name := range names(n) {
		if err := cw.Write([]string{name, strconv.Itoa(i)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func rows(w http.ResponseWriter, r *http.Request) { // want `handler rows writes .* streams.exportRows, which cannot be made pure: it streams its body through the writer and has results, which its callers would need before the body is written; refactor that part by hand \[blocked: helper-result\]`
	if err := exportRows(w, queryInt(r, "n")); err != nil {
		panic(http.ErrAbortHandler)
	}
}

// lister is a source to close once read.
type lister struct{ closed bool }

func (l *lister) Close() error { l.closed = true; return nil }

// renderListing closes its lister when it returns: kept in a WriteThrough,
// the stream would read a closed lister.
func renderListing(w http.ResponseWriter, l *lister, n int) {
	defer l.Close()
	streamJSONArray(w, 3, func(limit, offset int) ([]byte, int, error) {
		if l.closed {
			return nil, 0, errors.New("closed")
		}
		return pages(n, 0)(limit, offset)
	})
}

func listing(w http.ResponseWriter, r *http.Request) { // want `handler listing writes .* \[blocked: defer-before-send\]`
	renderListing(w, &lister{}, queryInt(r, "n"))
}

// deferred has a deferred call of its own, which ran after the stream.
func deferred(w http.ResponseWriter, r *http.Request) { // want `handler deferred writes .* \[blocked: defer-before-send\]`
	l := &lister{}
	defer l.Close()
	streamJSONArray(w, 3, func(limit, offset int) ([]byte, int, error) {
		if l.closed {
			return nil, 0, errors.New("closed")
		}
		return pages(queryInt(r, "n"), 0)(limit, offset)
	})
}

// footer writes through a helper taking the ResponseWriter after the
// stream began: not an io.Writer use.
func footer(w http.ResponseWriter, r *http.Request) { // want `handler footer writes .* \[blocked: write-in-loop\]`
	w.WriteHeader(http.StatusOK)
	for _, name := range names(queryInt(r, "n")) {
		fmt.Fprintln(w, name)
	}
	writeFooter(w)
}

func writeFooter(w http.ResponseWriter) {
	w.Header().Set("X-Late", "dropped")
	fmt.Fprintln(w, "end")
}

// closure writes through a function literal, called in a loop: the
// literal is translated (an error closure), its calls are writes in a
// loop, and the loop is no streamed tail, since it calls the literal.
func closure(w http.ResponseWriter, r *http.Request) { // want `handler closure writes .* \[blocked: write-in-loop\]`
	w.Header().Set("Content-Type", "text/plain")
	line := func(s string) { fmt.Fprintln(w, s) }
	for _, name := range names(queryInt(r, "n")) {
		line(name)
	}
}

// lateHeader sets a header after the body began, which net/http drops.
func lateHeader(w http.ResponseWriter, r *http.Request) { // want `handler lateHeader writes .* \[blocked: writer-escapes\]`
	cw := csv.NewWriter(w)
	cw.Write([]string{"a"})
	cw.Flush()
	w.Header().Set("X-Late", "dropped")
}

// Mux registers the handlers.
func Mux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/items", listItems)
	mux.HandleFunc("/tagged", tagged)
	mux.HandleFunc("/export.csv", exportCSV)
	mux.HandleFunc("/download", download)
	mux.HandleFunc("/events", events)
	mux.HandleFunc("/archive", archive)
	mux.HandleFunc("/bracketed", bracketed)
	mux.HandleFunc("/rows", rows)
	mux.HandleFunc("/listing", listing)
	mux.HandleFunc("/deferred", deferred)
	mux.HandleFunc("/footer", footer)
	mux.HandleFunc("/closure", closure)
	mux.HandleFunc("/late", lateHeader)
	linesRoutes(mux)
	return mux
}
