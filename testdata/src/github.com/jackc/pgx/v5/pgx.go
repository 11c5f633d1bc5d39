// Package pgx is a stub of github.com/jackc/pgx/v5.
package pgx

import (
	"context"
	"errors"
	"net"
)

var ErrNoRows = errors.New("no rows in result set")

type DialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

type ConnConfig struct {
	Host     string
	DialFunc DialFunc
}

func ParseConfig(connString string) (*ConnConfig, error) { return nil, nil }

type Conn struct{}

func Connect(ctx context.Context, connString string) (*Conn, error)              { return nil, nil }
func ConnectConfig(ctx context.Context, config *ConnConfig) (*Conn, error)       { return nil, nil }
func (c *Conn) QueryRow(ctx context.Context, sql string, args ...any) Row        { return nil }
func (c *Conn) Query(ctx context.Context, sql string, args ...any) (Rows, error) { return nil, nil }
func (c *Conn) Close(ctx context.Context) error                                  { return nil }

type Row interface {
	Scan(dest ...any) error
}

type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Close()
	Err() error
}

type Identifier []string

func (ident Identifier) Sanitize() string { return "" }
