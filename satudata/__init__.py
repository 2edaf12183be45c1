"""Satu Data PPA NTT: the data warehouse of DP3A Provinsi Nusa Tenggara Timur."""
