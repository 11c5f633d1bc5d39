// Package spinpaths registers handlers through every import path the Spin
// SDK's HTTP package has had.
package spinpaths

import (
	"net"
	"net/http"

	fermyonsdk "github.com/fermyon/spin-go-sdk/http"
	fermyonv2 "github.com/fermyon/spin/sdk/go/v2/http"
	spinv3 "github.com/spinframework/spin-go-sdk/v3/http"
)

type Server struct {
	mux *http.ServeMux
}

func (s *Server) routes() {
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("/ping", s.ping)
	spinv3.Handle(s.mux.ServeHTTP)
}

func (s *Server) ping(w http.ResponseWriter, r *http.Request) { // want ping:"reaches net.Dial"
	conn, err := net.Dial("tcp", "10.0.0.1:7") // want `edge handler \(\*Server\).ping \(spin\) calls net.Dial: a Spin component has no raw sockets; use the Spin SDK's outbound HTTP, Redis, PostgreSQL or MySQL packages`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	conn.Close()
}

func init() {
	fermyonv2.Handle(func(w http.ResponseWriter, r *http.Request) {
		net.Listen("tcp", ":8080") // want `edge handler func literal passed to fermyonv2.Handle \(spin\) calls net.Listen: a Spin component cannot listen`
	})
	fermyonsdk.Handle(Hello)
}

// Hello is exported, so other packages learn what it reaches.
func Hello(w http.ResponseWriter, r *http.Request) { // want Hello:"reaches net.LookupIP"
	ips, _ := net.LookupIP(r.Host) // want `edge handler Hello \(spin\) calls net.LookupIP: a Spin component has no DNS resolver`
	w.Write([]byte(ips[0].String()))
}
