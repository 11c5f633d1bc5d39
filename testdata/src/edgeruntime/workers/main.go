// Command blog is a Cloudflare Worker serving a small blog API from D1.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare"
	"github.com/syumai/workers/cloudflare/d1"
	"github.com/syumai/workers/cloudflare/fetch"
	"github.com/syumai/workers/cloudflare/sockets"
)

type Article struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// A cache is implemented by a file cache in tests and KV in production.
type cache interface {
	Get(key string) ([]byte, error)
}

type fileCache struct{ dir string }

func (c fileCache) Get(key string) ([]byte, error) { return os.ReadFile(c.dir + "/" + key) }

type server struct {
	db    *sql.DB
	cache cache
}

// readFile is a function value: calls through it are not followed.
var readFile = os.ReadFile

func main() {
	connector, err := d1.OpenConnector("BLOG_DB")
	if err != nil {
		log.Fatal(err)
	}
	s := &server{db: sql.OpenDB(connector), cache: fileCache{dir: "/tmp/cache"}}
	seedFromDisk(s.db) // runs once at start-up, not per request

	mux := http.NewServeMux()
	mux.HandleFunc("GET /articles", s.listArticles)
	mux.HandleFunc("POST /articles", s.createArticle)
	mux.HandleFunc("GET /articles/{id}/preview", s.preview)
	mux.HandleFunc("GET /links/check", s.checkLink)
	mux.HandleFunc("GET /healthz", health)
	mux.HandleFunc("GET /users", s.users)
	mux.HandleFunc("GET /legacy/users", s.legacyUsers)
	mux.HandleFunc("GET /mysql/articles", mysqlArticles)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		icon, err := os.ReadFile("static/favicon.ico") // want `edge handler func literal for "GET /favicon.ico" \(workers\) calls os.ReadFile: Cloudflare Workers has no filesystem, so the call fails in production; embed the file with //go:embed, or read it from KV or R2`
		if err != nil {
			http.Error(w, "no icon", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "image/x-icon")
		w.Write(icon)
	})
	workers.Serve(mux)
}

func seedFromDisk(db *sql.DB) {
	data, err := os.ReadFile("seed.json")
	if err != nil {
		return
	}
	var articles []Article
	json.Unmarshal(data, &articles)
}

func (s *server) listArticles(w http.ResponseWriter, r *http.Request) {
	limit := os.Getenv("PAGE_LIMIT") // want `edge handler \(\*server\).listArticles \(workers\) calls os.Getenv: a Worker's variables and secrets are bindings, not process environment, so this returns nothing; use cloudflare.Getenv`
	if cloudflare.Getenv("READ_ONLY") == "true" {
		w.Header().Set("X-Read-Only", "1")
	}
	rows, err := s.db.QueryContext(r.Context(), "SELECT id, title, body FROM articles LIMIT ?", limit)
	if err != nil {
		http.Error(w, "query failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	var articles []Article
	for rows.Next() {
		var a Article
		if err := rows.Scan(&a.ID, &a.Title, &a.Body); err != nil {
			http.Error(w, "scan failed", http.StatusInternalServerError)
			return
		}
		articles = append(articles, a)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(articles)
}

func (s *server) createArticle(w http.ResponseWriter, r *http.Request) {
	var a Article
	if err := json.NewDecoder(r.Body).Decode(&a); err != nil {
		http.Error(w, "invalid JSON body", http.StatusBadRequest)
		return
	}
	a.ID = newID()
	if _, err := s.db.ExecContext(r.Context(), "INSERT INTO articles VALUES (?, ?, ?)", a.ID, a.Title, a.Body); err != nil {
		http.Error(w, "insert failed", http.StatusInternalServerError)
		return
	}
	if cached, err := s.cache.Get(a.ID); err == nil { // interface call: not followed
		w.Header().Set("X-Cached", string(cached[:0]))
	}
	go func() {
		time.Sleep(10 * time.Millisecond)
	}()
	s.notifySubscribers(r.Context(), a) // want `edge handler \(\*server\).createArticle \(workers\) reaches http.Post via \(\*server\).notifySubscribers: net/http's own transport cannot reach the network from a Worker; send requests with fetch.NewClient\(\).HTTPClient\(fetch.RedirectModeFollow\)`
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(a)
}

// newID uses crypto/rand, which Workers provides.
func newID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *server) notifySubscribers(ctx context.Context, a Article) {
	body, _ := json.Marshal(a)
	resp, err := http.Post(cloudflare.Getenv("WEBHOOK_URL"), "application/json", bytes.NewReader(body))
	if err != nil {
		log.Printf("notify: %v", err)
		return
	}
	resp.Body.Close()
}

// preview fetches the article's link through the Workers fetch client.
func (s *server) preview(w http.ResponseWriter, r *http.Request) {
	client := fetch.NewClient().HTTPClient(fetch.RedirectModeFollow)
	resp, err := client.Get("https://example.com/" + r.PathValue("id"))
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	data, _ := readFile("template.html") // a function value: not followed
	w.Write(data)
}

func (s *server) checkLink(w http.ResponseWriter, r *http.Request) {
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Head(r.URL.Query().Get("url")) // want `edge handler \(\*server\).checkLink \(workers\) calls \(\*http.Client\).Head with no Transport: net/http's own transport cannot reach the network from a Worker`
	if err != nil {
		http.Error(w, "unreachable", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}

func health(w http.ResponseWriter, r *http.Request) {
	conn, err := net.DialTimeout("tcp", "db.internal:5432", time.Second) // want `edge handler health \(workers\) calls net.DialTimeout: a Worker cannot open sockets with package net; use sockets.Connect from github.com/syumai/workers/cloudflare/sockets`
	if err != nil {
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	conn.Close()
	w.Write([]byte("ok"))
}

// users reaches Postgres through the Workers sockets API.
func (s *server) users(w http.ResponseWriter, r *http.Request) {
	cfg, err := pgx.ParseConfig(cloudflare.Getenv("DATABASE_URL"))
	if err != nil {
		http.Error(w, "bad config", http.StatusInternalServerError)
		return
	}
	cfg.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		return sockets.Connect(ctx, addr, &sockets.SocketOptions{SecureTransport: sockets.SecureTransportOn})
	}
	conn, err := pgx.ConnectConfig(r.Context(), cfg)
	if err != nil {
		http.Error(w, "connect failed", http.StatusBadGateway)
		return
	}
	defer conn.Close(r.Context())
	var count int
	conn.QueryRow(r.Context(), "SELECT count(*) FROM users").Scan(&count)
	json.NewEncoder(w).Encode(map[string]int{"users": count})
}

func (s *server) legacyUsers(w http.ResponseWriter, r *http.Request) {
	conn, err := pgx.Connect(r.Context(), cloudflare.Getenv("DATABASE_URL")) // want `edge handler \(\*server\).legacyUsers \(workers\) calls pgx.Connect: this call dials TCP with package net, which a Worker does not have; use D1 or Hyperdrive, or give the driver a dialer built on sockets.Connect`
	if err != nil {
		http.Error(w, "connect failed", http.StatusBadGateway)
		return
	}
	defer conn.Close(r.Context())
	w.WriteHeader(http.StatusNoContent)
}

// mysqlArticles is syumai/workers' mysql-blog-server: the driver dials
// through sockets.Connect, registered before sql.Open.
func mysqlArticles(w http.ResponseWriter, r *http.Request) {
	mysql.RegisterDialContext("tcp", func(_ context.Context, addr string) (net.Conn, error) {
		return sockets.Connect(r.Context(), addr, &sockets.SocketOptions{SecureTransport: sockets.SecureTransportOff})
	})
	db, err := sql.Open("mysql", cloudflare.Getenv("MYSQL_DSN"))
	if err != nil {
		http.Error(w, "connect failed", http.StatusBadGateway)
		return
	}
	defer db.Close()
	w.WriteHeader(http.StatusNoContent)
}

// serveAdmin runs on a server, not on the edge: its handlers may use files.
func serveAdmin() {
	admin := http.NewServeMux()
	admin.HandleFunc("POST /backup", backup)
	http.ListenAndServe(":9000", admin)
}

func backup(w http.ResponseWriter, r *http.Request) {
	f, err := os.Create("/var/backups/blog.json")
	if err != nil {
		http.Error(w, "backup failed", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	w.WriteHeader(http.StatusNoContent)
}
