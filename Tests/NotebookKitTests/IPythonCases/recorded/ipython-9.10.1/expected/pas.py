s = '''
>>> inside
  ... more
'''
outside
