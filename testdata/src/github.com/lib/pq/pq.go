// Package pq is a stub of github.com/lib/pq.
package pq

import (
	"database/sql/driver"
	"time"
)

type Connector struct{}

func (c *Connector) Driver() driver.Driver { return nil }

func NewConnector(dsn string) (*Connector, error) { return nil, nil }

type GenericArray struct{ A any }

// Array returns the optimal driver.Valuer and sql.Scanner for an array or slice.
func Array(a any) interface {
	driver.Valuer
} {
	return GenericArray{a}
}

func (a GenericArray) Value() (driver.Value, error) { return nil, nil }

func QuoteIdentifier(name string) string { return name }

type ListenerEventType int

type Listener struct{}

func NewListener(name string, minReconnectInterval, maxReconnectInterval time.Duration, eventCallback func(ListenerEventType, error)) *Listener {
	return nil
}

func (l *Listener) Listen(channel string) error { return nil }
