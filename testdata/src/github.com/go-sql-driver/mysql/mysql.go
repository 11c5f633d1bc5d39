// Package mysql is a stub of github.com/go-sql-driver/mysql.
package mysql

import (
	"context"
	"database/sql/driver"
	"net"
)

type DialContextFunc func(ctx context.Context, addr string) (net.Conn, error)

// RegisterDialContext registers a custom dial function for the network.
func RegisterDialContext(net string, dial DialContextFunc) {}

type Config struct {
	User   string
	Passwd string
	Net    string
	Addr   string
	DBName string
}

func NewConfig() *Config                                 { return &Config{} }
func ParseDSN(dsn string) (*Config, error)               { return nil, nil }
func (cfg *Config) FormatDSN() string                    { return "" }
func NewConnector(cfg *Config) (driver.Connector, error) { return nil, nil }
