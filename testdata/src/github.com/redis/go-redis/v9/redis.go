// Package redis is a stub of github.com/redis/go-redis/v9.
package redis

import (
	"context"
	"net"
	"time"
)

const Nil = RedisError("redis: nil")

type RedisError string

func (e RedisError) Error() string { return string(e) }

type Options struct {
	Addr     string
	Password string
	DB       int
	Dialer   func(ctx context.Context, network, addr string) (net.Conn, error)
}

type Cmder interface{ Err() error }

type cmdable func(ctx context.Context, cmd Cmder) error

type StringCmd struct{}

func (cmd *StringCmd) Err() error              { return nil }
func (cmd *StringCmd) Result() (string, error) { return "", nil }

type StatusCmd struct{}

func (cmd *StatusCmd) Err() error { return nil }

func (c cmdable) Get(ctx context.Context, key string) *StringCmd { return nil }

func (c cmdable) Set(ctx context.Context, key string, value any, expiration time.Duration) *StatusCmd {
	return nil
}

type Client struct {
	cmdable
}

func NewClient(opt *Options) *Client { return &Client{} }
