// Package bodies exercises body-read-twice: JSON APIs and webhooks that
// read the request body more than once.
package bodies

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"log"
	"net/http"
	"strings"
)

type Order struct {
	ID    string  `json:"id"`
	Total float64 `json:"total"`
}

type Event struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

var secret = []byte("s3cr3t")

// --- positives ---

func Webhook(w http.ResponseWriter, r *http.Request) {
	payload, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	if !validSignature(payload, r.Header.Get("X-Signature")) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var ev Event
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil { // want `json.NewDecoder reads the request body, which io.ReadAll already consumed, so it sees an empty body; read the body once and reuse the bytes, or restore it with io.NopCloser\(bytes.NewReader\(data\)\)`
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusAccepted)
}

func validSignature(payload []byte, sig string) bool {
	mac := hmac.New(sha256.New, secret)
	mac.Write(payload)
	return hex.EncodeToString(mac.Sum(nil)) == sig
}

func CreateOrders(w http.ResponseWriter, r *http.Request) {
	var order Order
	if err := json.NewDecoder(r.Body).Decode(&order); err != nil {
		http.Error(w, "invalid order", http.StatusBadRequest)
		return
	}
	var audit map[string]any
	if err := json.NewDecoder(r.Body).Decode(&audit); err != nil { // want `json.NewDecoder reads the request body, which json.NewDecoder already consumed`
		log.Printf("no audit data: %v", err)
	}
	json.NewEncoder(w).Encode(order)
}

func ImportCSV(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	log.Printf("import of %d bytes", len(raw))
	if err := r.ParseMultipartForm(10 << 20); err != nil { // want `r.ParseMultipartForm parses the form from the request body, which io.ReadAll already consumed, so the form is empty`
		http.Error(w, "invalid upload", http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func Contact(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	log.Printf("contact form: %s", body)
	email := r.PostFormValue("email") // want `r.PostFormValue parses the form from the request body, which io.ReadAll already consumed`
	io.WriteString(w, email)
}

func UploadThenLog(w http.ResponseWriter, r *http.Request) {
	file, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, "missing file", http.StatusBadRequest)
		return
	}
	defer file.Close()
	rest, _ := io.ReadAll(r.Body) // want `io.ReadAll reads the request body, which r.FormFile already consumed`
	log.Printf("trailing %d bytes", len(rest))
}

// Through a limited body variable.
func Limited(w http.ResponseWriter, r *http.Request) {
	body := http.MaxBytesReader(w, r.Body, 1<<20)
	data, err := io.ReadAll(body)
	if err != nil {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	log.Printf("%d bytes", len(data))
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil { // want `json.NewDecoder reads the request body, which io.ReadAll already consumed`
		http.Error(w, "invalid order", http.StatusBadRequest)
		return
	}
}

// decodeJSON reads the body to the end on every path.
func decodeJSON(r *http.Request, v any) error { // want decodeJSON:`unreadbody\(p0 must=body may=body,touch-body unbounded="json.NewDecoder at bodies.go:119"\)`
	return json.NewDecoder(r.Body).Decode(v)
}

func Replay(w http.ResponseWriter, r *http.Request) {
	var o Order
	if err := decodeJSON(r, &o); err != nil {
		http.Error(w, "invalid order", http.StatusBadRequest)
		return
	}
	raw, _ := io.ReadAll(r.Body) // want `io.ReadAll reads the request body, which decodeJSON already consumed`
	log.Printf("replay %s %s", o.ID, raw)
}

func Mirror(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r.Body); err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	var v any
	if err := xml.NewDecoder(r.Body).Decode(&v); err != nil { // want `xml.NewDecoder reads the request body, which io.Copy already consumed`
		http.Error(w, "invalid XML body", http.StatusBadRequest)
		return
	}
	w.Write(buf.Bytes())
}

// --- negatives ---

// The body is restored after the first read.
func Verified(w http.ResponseWriter, r *http.Request) {
	payload, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(payload))
	var ev Event
	if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
}

// Wrapping the body is not reading it.
func Bounded(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, "invalid order", http.StatusBadRequest)
		return
	}
}

// One read per content type.
func Ingest(w http.ResponseWriter, r *http.Request) {
	var o Order
	switch ct := r.Header.Get("Content-Type"); {
	case strings.HasPrefix(ct, "application/json"):
		if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
			http.Error(w, "invalid JSON body", http.StatusBadRequest)
			return
		}
	case strings.HasPrefix(ct, "application/xml"):
		if err := xml.NewDecoder(r.Body).Decode(&o); err != nil {
			http.Error(w, "invalid XML body", http.StatusBadRequest)
			return
		}
	default:
		if err := r.ParseForm(); err != nil {
			http.Error(w, "invalid form", http.StatusBadRequest)
			return
		}
		o.ID = r.PostForm.Get("id")
	}
	json.NewEncoder(w).Encode(o)
}

// One decoder reads a stream of values: one read.
func BulkEvents(w http.ResponseWriter, r *http.Request) {
	dec := json.NewDecoder(r.Body)
	n := 0
	for dec.More() {
		var ev Event
		if err := dec.Decode(&ev); err != nil {
			http.Error(w, "invalid event", http.StatusBadRequest)
			return
		}
		n++
	}
	io.WriteString(w, strings.Repeat(".", n))
}

// Query parameters of a JSON request: FormValue does not read a JSON body.
func Paginated(w http.ResponseWriter, r *http.Request) {
	var filter map[string]string
	if err := json.NewDecoder(r.Body).Decode(&filter); err != nil {
		http.Error(w, "invalid filter", http.StatusBadRequest)
		return
	}
	page := r.FormValue("page")
	if err := r.ParseForm(); err != nil {
		return
	}
	io.WriteString(w, page+r.Form.Get("size"))
}

// Handed to unknown code in between: it may have restored the body.
type store interface{ Save(io.Reader) error }

type API struct{ archive store }

func (a *API) Archive(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	a.archive.Save(bytes.NewReader(raw))
	a.restore(r, raw)
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, "invalid order", http.StatusBadRequest)
		return
	}
}

func (a *API) restore(r *http.Request, raw []byte) { // want restore:`unreadbody\(p0 must=none may=touch-body\)`
	r.Body = io.NopCloser(bytes.NewReader(raw))
}

// A deferred drain runs after everything else.
func Drained(w http.ResponseWriter, r *http.Request) {
	defer io.Copy(io.Discard, r.Body)
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, "invalid order", http.StatusBadRequest)
		return
	}
}

// A partial read is not a full one.
func Sniff(w http.ResponseWriter, r *http.Request) {
	head := make([]byte, 4)
	r.Body.Read(head)
	rest, _ := io.ReadAll(r.Body)
	log.Printf("%s %d", head, len(rest))
}

// Reads on exclusive paths.
func Either(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("raw") == "1" {
		raw, _ := io.ReadAll(r.Body)
		w.Write(raw)
		return
	}
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, "invalid order", http.StatusBadRequest)
	}
}

// A read in each turn of a retry loop is not reported: the loop may run
// once.
func Retry(w http.ResponseWriter, r *http.Request) {
	for attempt := 0; attempt < 3; attempt++ {
		data, err := io.ReadAll(r.Body)
		if err == nil {
			w.Write(data)
			return
		}
	}
}

// Multipart parse, then fields and files: the body is read once.
func Profile(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		http.Error(w, "invalid form", http.StatusBadRequest)
		return
	}
	name := r.PostFormValue("name")
	avatar, _, err := r.FormFile("avatar")
	if err == nil {
		avatar.Close()
	}
	io.WriteString(w, name)
}

// Middleware: reads the body, restores it and passes the request on.
func LogBodies(next http.Handler) http.Handler { // want LogBodies:`limits-bodies`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		log.Printf("%s %s: %s", r.Method, r.URL, body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// Reads the body, then hands the request to the next handler, which may
// read it again: that is the next handler's business, not a finding here.
func Peek(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, io.LimitReader(r.Body, 0))
		next.ServeHTTP(w, r)
	})
}

// The first read failed (a deadline, say) and the code goes on: it did not
// consume the body, so reading again is not reported (from
// net/http/responsecontroller_test.go).
func AfterFailedRead(w http.ResponseWriter, r *http.Request) {
	b, err := io.ReadAll(r.Body)
	if err == nil || len(b) != 0 {
		log.Printf("read %q, want a deadline error", b)
	}
	b, err = io.ReadAll(r.Body)
	if err == nil {
		log.Printf("read %q after the deadline", b)
	}
}

// A multipart parse that failed (not multipart at all) read nothing.
func UploadOrJSON(w http.ResponseWriter, r *http.Request) {
	err := r.ParseMultipartForm(1 << 20)
	if err == nil {
		io.WriteString(w, r.PostFormValue("name"))
		return
	}
	var o Order
	if err := json.NewDecoder(r.Body).Decode(&o); err != nil {
		http.Error(w, "invalid order", http.StatusBadRequest)
	}
}

// Reads through io.LimitReader read part of the body only: what follows
// may see the rest (io.CopyN is one).
func Preamble(w http.ResponseWriter, r *http.Request) {
	var magic bytes.Buffer
	if _, err := io.CopyN(&magic, r.Body, 4); err != nil {
		http.Error(w, "short body", http.StatusBadRequest)
		return
	}
	head, _ := io.ReadAll(io.LimitReader(r.Body, 512))
	rest, _ := io.ReadAll(r.Body)
	log.Printf("%s %d %d", magic.Bytes(), len(head), len(rest))
}
