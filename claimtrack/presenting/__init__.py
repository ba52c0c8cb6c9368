"""Rich renderers: records in, renderables out."""
