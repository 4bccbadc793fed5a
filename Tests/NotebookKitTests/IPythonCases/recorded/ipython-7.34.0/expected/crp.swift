a
b
>>>
 c
