// Package sockets is a stub of github.com/syumai/workers/cloudflare/sockets.
package sockets

import (
	"context"
	"net"
)

type SecureTransport string

const (
	SecureTransportOn       SecureTransport = "on"
	SecureTransportOff      SecureTransport = "off"
	SecureTransportStartTLS SecureTransport = "starttls"
)

type SocketOptions struct {
	SecureTransport SecureTransport
	AllowHalfOpen   bool
}

// Connect opens a TCP socket through the Workers connect() API.
func Connect(ctx context.Context, addr string, opts *SocketOptions) (net.Conn, error) {
	return nil, nil
}
