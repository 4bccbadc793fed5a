s = '''
>>> inside
  ... more
'''
>>> outside
