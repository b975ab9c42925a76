"""The view side of KL Lab: colours, shared widgets and pure plotly figure builders."""
