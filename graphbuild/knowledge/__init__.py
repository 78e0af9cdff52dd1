"""Knowledge of the world as data: countries and places, the PLOVER types, the field's dictionaries."""
