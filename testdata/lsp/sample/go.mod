module example.com/lspsample

go 1.26
